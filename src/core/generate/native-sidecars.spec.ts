// Sidecar placement by target version, and the restricted/schema guarantees of every generated
// pod, for every sidecar preset and for the sidecar part of the shared example requests.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NativeSidecarMode, PresetItem } from '../model/request.js';
import type { BundleRequest } from '../request/bundle.js';
import type { TargetDto } from '../request/target.js';
import { SUPPORTED_VERSIONS } from '../model/request.js';
import { presetsOf } from '../presets/registry.js';
import { SHARED_DIR } from '../../../test/support/programs.js';
import { invalidRequestOf } from '../../../test/support/request-errors.js';
import { allContainers, podSpecOf, restrictedProblems, schemaProblems } from '../../../test/support/pod-template.js';
import { composeBundle } from '../../../test/support/validated.js';

const SIDECARS = presetsOf('sidecar');

/** An app that every sidecar preset's own example fits next to. */
const withSidecars = (sidecars: PresetItem[], target: TargetDto): BundleRequest => ({
  app: { name: 'web', image: 'ghcr.io/acme/web:1.0.0', ports: [{ name: 'http', containerPort: 8080 }] },
  sidecars,
  target,
});
const exampleOf = (id: string) => SIDECARS.find((p) => p.id === id)!.example as PresetItem;

/** Where each long-running sidecar container ended up. */
function placement(request: BundleRequest) {
  const spec = podSpecOf(composeBundle(request));
  const long = new Set(request.sidecars!.map((s) => s.name));
  return {
    native: (spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name),
    oneShot: (spec.initContainers ?? []).filter((c) => c.restartPolicy === undefined).map((c) => c.name),
    regular: spec.containers.filter((c) => long.has(c.name)).map((c) => c.name),
    restartPolicyOnRegular: spec.containers.filter((c) => c.restartPolicy !== undefined).map((c) => c.name),
  };
}

describe('native sidecars by target version', () => {
  it('has the three sidecar presets registered', () => {
    expect(SIDECARS.map((p) => p.id)).toEqual(expect.arrayContaining(['custom', 'git-sync', 'log-forwarder']));
  });

  describe.each(SIDECARS.map((p) => [p.id]))('%s', (id) => {
    const item = exampleOf(id);

    it.each([
      ['1.33', 'auto'],
      ['1.29', 'auto'],
      ['1.29', 'always'],
      ['1.35', 'always'],
    ] as [string, NativeSidecarMode][])(
      '%s with %s: an initContainer with restartPolicy Always',
      (kubernetesVersion, nativeSidecars) => {
        const where = placement(withSidecars([item], { kubernetesVersion, nativeSidecars }));
        expect(where.native).toEqual([item.name]);
        expect(where.regular).toEqual([]);
        expect(where.oneShot).toEqual([]);
      },
    );

    it.each([
      ['1.28', 'auto'],
      ['1.27', 'auto'],
      ['1.33', 'never'],
      ['1.28', 'never'],
    ] as [string, NativeSidecarMode][])(
      '%s with %s: an ordinary container, no restartPolicy anywhere',
      (kubernetesVersion, nativeSidecars) => {
        const where = placement(withSidecars([item], { kubernetesVersion, nativeSidecars }));
        expect(where.native).toEqual([]);
        expect(where.regular).toEqual([item.name]);
        expect(where.restartPolicyOnRegular).toEqual([]);
        // Only git-sync adds a run-to-completion init container, for its first sync.
        expect(where.oneShot).toEqual(id === 'git-sync' ? [`${item.name}-init`] : []);
      },
    );
  });

  it.each(['1.27', '1.28'])('refuses "always" at %s with a 400 that says why', (kubernetesVersion) => {
    const err = invalidRequestOf(() =>
      composeBundle(withSidecars([exampleOf('log-forwarder')], { kubernetesVersion, nativeSidecars: 'always' })),
    );
    expect(err.errors).toHaveLength(1);
    expect(err.errors[0].pointer).toBe('/target/nativeSidecars');
    expect(err.errors[0].detail).toContain('1.29');
    expect(err.errors[0].detail).toContain('SidecarContainers');
    expect(err.errors[0].detail).toMatch(/"auto" or "never"/);
  });

  it('keeps the request order among native sidecars, so the first sync runs before later sidecars start', () => {
    const sidecars = [exampleOf('git-sync'), exampleOf('log-forwarder'), exampleOf('custom')];
    const spec = podSpecOf(composeBundle(withSidecars(sidecars, { kubernetesVersion: '1.33' })));
    expect(spec.initContainers!.map((c) => c.name)).toEqual(sidecars.map((s) => s.name));
    expect(spec.containers.map((c) => c.name)).toEqual(['web']);

    const old = podSpecOf(composeBundle(withSidecars(sidecars, { kubernetesVersion: '1.28' })));
    expect(old.initContainers!.map((c) => c.name)).toEqual(['content-init']);
    expect(old.containers.map((c) => c.name)).toEqual(['web', ...sidecars.map((s) => s.name)]);
  });
});

describe('every generated pod with sidecars', () => {
  const modes: [string, NativeSidecarMode][] = SUPPORTED_VERSIONS.flatMap(
    (v) =>
      [[v, 'auto'], [v, 'never'], ...(Number(v.split('.')[1]) >= 29 ? [[v, 'always']] : [])] as [
        string,
        NativeSidecarMode,
      ][],
  );

  it.each(modes)(
    'at %s (%s) meets the restricted level and validates against the schema',
    (kubernetesVersion, nativeSidecars) => {
      const all = SIDECARS.map((p) => p.example as PresetItem);
      const bundle = composeBundle(withSidecars(all, { kubernetesVersion, nativeSidecars }));
      const spec = podSpecOf(bundle);
      const helpers = allContainers(spec)
        .map((c) => c.name)
        .filter((n) => n !== 'web');
      expect(helpers.length).toBeGreaterThanOrEqual(SIDECARS.length);
      expect(restrictedProblems(spec, helpers)).toEqual([]);
      expect(schemaProblems(bundle.manifests)).toEqual([]);
    },
  );
});

describe('the shared example requests, sidecar part', () => {
  const dir = join(SHARED_DIR, 'examples');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const sidecarPart = (file: string): BundleRequest => {
    const {
      ambassadors: _a,
      adapters: _b,
      ...rest
    } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as BundleRequest;
    return rest;
  };

  it('are there to test', () => {
    expect(files).toContain('static-site-git-sync.json');
  });

  it.each(files)('%s composes into restricted, schema-valid objects', (file) => {
    const bundle = composeBundle(sidecarPart(file));
    const spec = podSpecOf(bundle);
    const helpers = bundle.summary.containers.filter((c) => c.role !== 'main').map((c) => c.name);
    expect(
      allContainers(spec)
        .map((c) => c.name)
        .sort(),
    ).toEqual(bundle.summary.containers.map((c) => c.name).sort());
    expect(restrictedProblems(spec, helpers)).toEqual([]);
    expect(schemaProblems(bundle.manifests)).toEqual([]);
  });

  it('static-site-git-sync at 1.28: first sync in an init container, then git-sync as an ordinary container', () => {
    const request = sidecarPart('static-site-git-sync.json');
    expect(request.target?.kubernetesVersion).toBe('1.28');
    const bundle = composeBundle(request);
    const spec = podSpecOf(bundle);
    expect(spec.initContainers!.map((c) => [c.name, c.restartPolicy, c.args!.includes('--one-time')])).toEqual([
      ['content-init', undefined, true],
    ]);
    expect(spec.containers.map((c) => c.name)).toEqual(['docs-site', 'content']);
    const html = spec.containers[0].volumeMounts!.find((m) => m.mountPath === '/usr/share/nginx/html');
    expect(html?.readOnly).toBe(true);
    expect(spec.containers[0].env).toContainEqual({ name: 'CONTENT_PATH', value: '/usr/share/nginx/html/current' });
  });
});
