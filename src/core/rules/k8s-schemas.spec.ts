// The schema check runs the validator over a stand-in (array items merged, scalars left out) and
// replays on the object what it did there. Its reference is the validator run over a recording
// view of the whole object (way: 'whole'): both must give the same errors, unknown fields and
// filled fields, in the same order, for real bundles, third-party fixtures, the worst bodies and
// seeded mutations of them (type changes, unknown members, items of other shapes, shared objects).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../config/app-config.js';
import { composeBundle } from '../generate/compose-bundle.js';
import { validateBundleRequest } from '../input/bundle-request.js';
import { parseJsonManifests, parseYamlManifests } from '../validate/parse-manifests.js';
import { propertyRun } from '../../../test/support/property-seed.js';
import { SHARED_DIR } from '../../../test/support/programs.js';
import { manifestBodies } from '../../../test/support/worst-bodies.js';
import { checkSchema } from './k8s-schemas.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(name) ? [path] : [];
    });
}

/** The objects of a YAML file, with whether they may share objects (YAML aliases); none when it is refused. */
function objectsOf(text: string): { object: Record<string, unknown>; tree: boolean }[] {
  try {
    return parseYamlManifests(text).map((d) => ({ object: d.object as Record<string, unknown>, tree: !!d.tree }));
  } catch {
    return [];
  }
}

const examples = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .flatMap(
    (f) =>
      composeBundle(validateBundleRequest(JSON.parse(readFileSync(join(ROOT, 'examples', f), 'utf8'))))
        .manifests as Record<string, unknown>[],
  );
const fixtures = [join(SHARED_DIR, 'conformance'), join(ROOT, 'test', 'fixtures')].flatMap((dir) =>
  yamlFiles(dir).flatMap((f) => objectsOf(readFileSync(f, 'utf8'))),
);

function expectSameAsWhole(object: Record<string, unknown>, tree: boolean): void {
  const reference = checkSchema(object, { way: 'whole' });
  expect(checkSchema(object, { way: 'stand-in', tree })).toEqual(reference);
  expect(checkSchema(object, { tree })).toEqual(reference); // either way, as the size decides
  if (!tree) expect(checkSchema(object, { way: 'stand-in' })).toEqual(reference);
}

describe('the schema check through the stand-in gives what the check of the whole object gives', () => {
  it("every example's bundle", () => {
    expect(examples.length).toBeGreaterThan(20);
    for (const object of examples) expectSameAsWhole(object, false);
  });

  it('every conformance and third-party fixture, unknown fields and type errors included', () => {
    expect(fixtures.length).toBeGreaterThan(500);
    let found = 0;
    for (const { object, tree } of fixtures) {
      expectSameAsWhole(object, tree);
      const result = checkSchema(object, { tree });
      found += (result?.errors.length ?? 0) + (result?.unknownFields.length ?? 0);
    }
    expect(found).toBeGreaterThan(0); // the fixtures hold findings, so the comparison covers them
  });

  it('the worst validation bodies (1,500 containers, 25,000 keys, 1,000 objects)', () => {
    for (const body of manifestBodies(DEFAULT_CONFIG.bodyLimit, DEFAULT_CONFIG.yamlBodyLimit)) {
      const documents =
        body.contentType === 'application/json'
          ? parseJsonManifests(JSON.parse(body.body), undefined, true)
          : (() => {
              try {
                return parseYamlManifests(body.body);
              } catch {
                return [];
              }
            })();
      for (const d of documents) expectSameAsWhole(d.object as Record<string, unknown>, !!d.tree);
    }
  });

  it('a shared object (a YAML alias) is reported once, at the first place the validator meets it', () => {
    const meta = { name: 'p', labels: { app: 'x' }, bogus: 1 };
    const container = { name: 'c', image: 'busybox', extra: 'e' };
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta,
      spec: {
        selector: { matchLabels: { app: 'x' } },
        template: { metadata: meta, spec: { containers: [container, container], initContainers: [container] } },
      },
    };
    const result = checkSchema(deployment, { way: 'stand-in' })!;
    expect(result.unknownFields.map((u) => u.path)).toEqual([
      '/metadata/bogus',
      '/spec/template/spec/containers/0/extra',
    ]);
    expect(result).toEqual(checkSchema(deployment, { way: 'whole' }));
    // the same object as a tree (JSON text) has the field in each place
    const tree = JSON.parse(JSON.stringify(deployment)) as Record<string, unknown>;
    expect(checkSchema(tree, { way: 'stand-in', tree: true })!.unknownFields).toHaveLength(5);
  });
});

/** Field names the mutations use: real ones (in other places), unknown ones, and awkward ones. */
const KEYS = [
  'name',
  'image',
  'ports',
  'containers',
  'metadata',
  'labels',
  'spec',
  'env',
  'value',
  'valueFrom',
  'description',
  'x-kubernetes-preserve-unknown-fields',
  'bogus',
  'a/b~c',
  '__proto__',
  'constructor',
  '0',
];

const mutation = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('add-scalar', 'add-object', 'add-list', 'retype', 'grow-list', 'share', 'delete'),
  key: fc.constantFrom(...KEYS),
  other: fc.nat(),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

/** Every object and list of a value, in pre-order, each once. */
function nodesOf(value: unknown, out: object[] = [], seen = new Set<object>()): object[] {
  if (typeof value !== 'object' || value === null || seen.has(value)) return out;
  seen.add(value);
  out.push(value);
  for (const v of Object.values(value)) nodesOf(v, out, seen);
  return out;
}

function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function mutate(object: Record<string, unknown>, steps: Mutation[], share: boolean): void {
  for (const { at, op, key, other } of steps) {
    const nodes = nodesOf(object);
    const node = nodes[at % nodes.length] as Record<string, unknown>;
    const keys = Object.keys(node);
    const member = keys.length ? keys[other % keys.length] : key;
    if (Array.isArray(node)) {
      const item = node[other % Math.max(1, node.length)];
      if (op === 'grow-list' || op === 'add-object')
        node.push(
          typeof item === 'object' && item !== null ? { ...structuredClone(item), [key]: other } : { [key]: 1 },
        );
      else if (op === 'retype' && node.length) node[other % node.length] = [{ [key]: 'x' }];
      else if (op === 'add-list') node.push([other]);
      else if (op === 'share' && share) {
        const target = nodes[other % nodes.length];
        if (!nodesOf(target).includes(node)) node.push(target); // no cycles: YAML aliases make none
      }
      continue;
    }
    if (op === 'add-scalar') define(node, key, other % 2 ? 'text' : other);
    else if (op === 'add-object') define(node, key, { [KEYS[other % KEYS.length]]: 'v', name: 'n' });
    else if (op === 'add-list') define(node, key, [{ name: 'n', [KEYS[other % KEYS.length]]: 1 }, 'scalar']);
    else if (op === 'retype') {
      const v = node[member];
      define(node, member, Array.isArray(v) ? { name: 'n' } : typeof v === 'object' ? [v, 1] : { value: v });
    } else if (op === 'grow-list') {
      const v = node[member];
      if (Array.isArray(v))
        v.push(...v.map((i) => (typeof i === 'object' && i !== null ? { ...structuredClone(i), bogus: 1 } : i)));
    } else if (op === 'share' && share) {
      const target = nodes[other % nodes.length];
      if (!nodesOf(target).includes(node)) define(node, key, target); // no cycles: YAML aliases make none
    } else if (op === 'delete') delete node[member];
  }
}

describe('seeded mutations of real objects', () => {
  const bases = [...examples, ...fixtures.map((f) => f.object)].filter(
    (o) => typeof o.apiVersion === 'string' && typeof o.kind === 'string',
  );

  it('trees (JSON text): the stand-in and the whole give the same result', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 12 }), (pick, steps) => {
        // through JSON text: composed bundles share objects (one probe in three places)
        const object = JSON.parse(JSON.stringify(bases[pick % bases.length])) as Record<string, unknown>;
        mutate(object, steps, false);
        expect(checkSchema(object, { way: 'stand-in', tree: true })).toEqual(checkSchema(object, { way: 'whole' }));
      }),
      propertyRun('schema stand-in, trees', 400),
    );
  });

  it('trees with their maps of scalars noted (as the JSON parser notes them): the same result', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 12 }), (pick, steps) => {
        const object = JSON.parse(JSON.stringify(bases[pick % bases.length])) as Record<string, unknown>;
        mutate(object, steps, false);
        // every object of scalars only, however small (the parser notes those from 32 members)
        const scalarMaps = new Map<object, number>();
        const note = (node: unknown): void => {
          if (typeof node !== 'object' || node === null) return;
          const members = Object.values(node);
          members.forEach(note);
          if (!Array.isArray(node) && members.every((m) => typeof m !== 'object' || m === null))
            scalarMaps.set(node, members.length);
        };
        note(object);
        expect(checkSchema(object, { way: 'stand-in', tree: true, scalarMaps })).toEqual(
          checkSchema(object, { way: 'whole' }),
        );
      }),
      propertyRun('schema stand-in, maps of scalars noted', 400),
    );
  });

  it('objects sharing members (YAML aliases): the same result', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 12 }), (pick, steps) => {
        const object = structuredClone(bases[pick % bases.length]);
        mutate(object, steps, true);
        expect(checkSchema(object, { way: 'stand-in' })).toEqual(checkSchema(object, { way: 'whole' }));
      }),
      propertyRun('schema stand-in, shared members', 400),
    );
  });
});
