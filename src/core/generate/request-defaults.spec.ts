// The default each request field documents (in the OpenAPI document) is the value the composition
// applies: leaving the field out and setting it to the documented value make the same bundle.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withValue } from '../../../test/support/schema-docs.js';
import { composeBundle, type RequestBody as BundleRequest } from '../../../test/support/validated.js';
import { toMultiDocumentYaml } from '../render/canonical.js';

type Node = Record<string, any>;

const repoFile = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
const schemas = (JSON.parse(repoFile('openapi/openapi.json')) as Node).components.schemas as Record<string, Node>;
const target = (s: Node): Node => {
  const ref = (s.$ref ?? s.allOf?.[0]?.$ref) as string | undefined;
  return ref ? schemas[ref.split('/').pop()!]! : s;
};

/** Paths and documented values of every default below BundleRequest (preset items have their own test). */
function documentedDefaults(schema: Node, path: string[] = []): { path: string[]; value: unknown }[] {
  return Object.entries((schema.properties ?? {}) as Record<string, Node>).flatMap(([key, property]) => [
    ...('default' in property ? [{ path: [...path, key], value: property.default }] : []),
    ...(property.type === 'array' ? [] : documentedDefaults(target(property), [...path, key])),
  ]);
}

const example = (name: string) => JSON.parse(repoFile(`examples/${name}.json`)) as Node;
/** A Deployment with app metrics and both routes, or a StatefulSet with storage for the storage fields. */
const baseFor = (path: string[]): Node =>
  path.includes('storage')
    ? example('mongodb-statefulset')
    : {
        ...example('orders-logging-egress'),
        app: {
          ...example('orders-logging-egress').app,
          metrics: { port: 'http' },
          ingress: { hosts: [{ host: 'orders.example.com' }] },
          httpRoute: { parentRefs: [{ name: 'public' }] },
        },
      };

const yamlOf = (request: Node) => toMultiDocumentYaml(composeBundle(request as BundleRequest).manifests);

describe('documented request defaults', () => {
  const cases = documentedDefaults(schemas.BundleRequest!).map((d) => ({ ...d, name: d.path.join('.') }));

  it('are found in the app, its parts and the target', () => {
    expect(cases.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'app.workload',
        'app.replicas',
        'app.storage.name',
        'app.storage.accessModes',
        'app.metrics.path',
        'app.serviceAccount.automountToken',
        'app.securityContext.readOnlyRootFilesystem',
        'target.kubernetesVersion',
        'target.podSecurity',
        'target.nativeSidecars',
      ]),
    );
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: left out or set to the documented value, the same bundle',
    (_, c) => {
      const base = baseFor(c.path);
      expect(yamlOf(withValue(base, c.path, c.value))).toBe(yamlOf(withValue(base, c.path, undefined)));
    },
  );

  it('would notice a documented value that is not the applied one', () => {
    const base = baseFor(['app', 'replicas']);
    expect(yamlOf(withValue(base, ['app', 'replicas'], 3))).not.toBe(
      yamlOf(withValue(base, ['app', 'replicas'], undefined)),
    );
  });
});
