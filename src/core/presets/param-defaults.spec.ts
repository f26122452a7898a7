// The default each preset parameter documents is the value the preset applies: for every
// parameter with a `default` in its schema (the catalogue's, the OpenAPI document's), a request that
// leaves it out and one that sets it to the documented value make the same bundle, byte for byte.
import { describe, expect, it } from 'vitest';
import { withValue } from '../../../test/support/schema-docs.js';
import { composeBundle, type RequestBody as BundleRequest } from '../../../test/support/validated.js';
import { toMultiDocumentYaml } from '../render/canonical.js';
import { presetParamSchema } from './param-schema.js';
import { KIND_FIELD, type Preset } from './preset.js';
import { PRESETS } from './registry.js';

type Node = Record<string, any>;

/** Fields added to a preset's own example so that defaults inside array items are reached too. */
const LISTS: Record<string, Node> = {
  'http-egress': { routes: [{ pathPrefix: '/refunds/', upstream: 'https://refunds.example.com' }] },
  custom: { ports: [{ name: 'metrics', containerPort: 9102 }] },
};
const itemOf = (preset: Preset): Node => ({ ...preset.example, ...LISTS[preset.id] });

interface Documented {
  /** path of the parameter in the item; a number steps into an array item */
  path: (string | number)[];
  value: unknown;
}

/** Every property with a default, reached through $refs and into the example's array items. */
function documentedDefaults(preset: Preset): Documented[] {
  const root = presetParamSchema(preset) as Node;
  const resolve = (s: Node): Node => (s.$ref ? { ...root.$defs[String(s.$ref).split('/').pop()!], ...s } : s);
  const out: Documented[] = [];
  const walk = (schema: Node, path: (string | number)[], example: unknown) => {
    for (const [key, raw] of Object.entries((schema.properties ?? {}) as Record<string, Node>)) {
      const property = resolve(raw);
      const here = [...path, key];
      if ('default' in property) out.push({ path: here, value: property.default });
      const inExample = (example as Node | undefined)?.[key];
      if (property.properties) walk(property, here, inExample);
      if (property.items && Array.isArray(inExample) && inExample.length > 0) {
        walk(resolve(property.items as Node), [...here, 0], inExample[0]);
      }
    }
  };
  walk(root, [], itemOf(preset));
  return out;
}

const bundleYaml = (preset: Preset, item: Node) => {
  const request = {
    app: { name: 'demo', image: 'ghcr.io/acme/demo:1.0.0', ports: [{ name: 'http', containerPort: 8080 }] },
    [KIND_FIELD[preset.kind]]: [item],
    target: { kubernetesVersion: '1.33' },
  } as unknown as BundleRequest;
  return toMultiDocumentYaml(composeBundle(request).manifests);
};

describe('documented preset defaults', () => {
  const cases = PRESETS.flatMap((preset) =>
    documentedDefaults(preset).map((d) => ({ preset, ...d, name: `${preset.id} ${d.path.join('.')}` })),
  );

  it('are found for every preset that has one (the walk reaches nested and array item parameters)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(55);
    const names = cases.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'http-egress timeouts.connect',
        'http-egress retries.on',
        'http-egress routes.0.stripPrefix',
        'tcp-egress healthCheck.fall',
        'log-forwarder bufferSize',
        'custom ports.0.protocol',
      ]),
    );
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: left out or set to the documented value, the same bundle',
    (_, c) => {
      const example = itemOf(c.preset);
      const omitted = bundleYaml(c.preset, withValue(example, c.path, undefined));
      const explicit = bundleYaml(c.preset, withValue(example, c.path, c.value));
      expect(explicit).toBe(omitted);
    },
  );

  it('would notice a documented value that is not the applied one', () => {
    const preset = PRESETS.find((p) => p.id === 'http-egress')!;
    const example = preset.example as Node;
    expect(bundleYaml(preset, withValue(example, ['timeouts', 'connect'], '6s'))).not.toBe(
      bundleYaml(preset, withValue(example, ['timeouts', 'connect'], undefined)),
    );
  });
});
