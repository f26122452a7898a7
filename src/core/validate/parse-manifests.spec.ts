import { describe, expect, it } from 'vitest';
import { refusal } from '../model/refusal.testing.js';
import { DEFAULT_LIMITS, parseJsonManifests, parseYamlManifests } from './parse-manifests.js';

/** The field errors of a refused input, one line each. */
const refused = (fn: () => unknown): string => refusal(fn).join('\n');

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n';

describe('parseYamlManifests', () => {
  it('reads several documents, skips empty ones, and locates pointers (key positions for members)', () => {
    const docs = parseYamlManifests(`---\n${CM}---\n---\n# only a comment\n---\n${CM.replace('name: a', 'name: b')}`);
    expect(docs.map((d) => [d.index, d.object.metadata?.name])).toEqual([
      [0, 'a'],
      [1, 'b'],
    ]);
    expect(docs[0].locate!('/data/k')).toEqual({ line: 7, column: 3 });
    expect(docs[1].locate!('/metadata/name')).toEqual({ line: 15, column: 3 });
    // a pointer to something absent resolves to the deepest node that exists
    expect(docs[0].locate!('/data/missing')).toEqual(docs[0].locate!('/data'));
  });

  it('unwraps kind: List, keeping positions inside the list', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a\n  - apiVersion: v1\n    kind: Secret\n    metadata:\n      name: s\n`;
    const docs = parseYamlManifests(list);
    expect(docs.map((d) => d.object.kind)).toEqual(['ConfigMap', 'Secret']);
    expect(docs[1].locate!('/metadata/name')).toEqual({ line: 11, column: 7 });
  });

  it('records duplicate keys with their position, the last value winning', () => {
    const docs = parseYamlManifests(`${CM}  k: w\n`);
    expect(docs[0].object.data).toEqual({ k: 'w' });
    expect(docs[0].sourceIssues).toEqual([
      expect.objectContaining({ rule: 'parse.duplicate-key', path: '/data/k', position: { line: 7, column: 3 } }),
    ]);
  });

  it('reads YAML as kubectl does: 1.1 booleans, merge keys; timestamps stay strings', () => {
    const [doc] = parseYamlManifests(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: &l\n    enabled: yes\n  annotations:\n    <<: *l\n    since: 2024-05-01\n',
    );
    expect(doc.object.metadata).toEqual({
      name: 'a',
      labels: { enabled: true },
      annotations: { enabled: true, since: '2024-05-01' },
    });
  });

  it('refuses syntax errors, scalars and sequences with the line', () => {
    expect(refused(() => parseYamlManifests('a: [1, 2\nb: : :\n'))).toMatch(
      /^ parse\.yaml: document 1, line \d+, column \d+/,
    );
    expect(refused(() => parseYamlManifests('just some words'))).toMatch(
      /document 1, line 1, column 1: a manifest must be a mapping .* not a scalar/,
    );
    expect(refused(() => parseYamlManifests(`${CM}---\n- a\n- b\n`))).toMatch(
      /document 2, line 8, column 1: .*not a sequence/,
    );
    expect(refused(() => parseYamlManifests(''))).toMatch(/no Kubernetes objects/);
  });

  it('refuses the JSON request form sent as YAML, saying what to do', () => {
    expect(
      refused(() => parseYamlManifests(JSON.stringify({ manifests: [{ apiVersion: 'v1', kind: 'ConfigMap' }] }))),
    ).toMatch(/Content-Type: application\/json/);
  });

  it('accepts a single manifest in JSON syntax (JSON is YAML)', () => {
    expect(
      parseYamlManifests(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }))[0].object
        .kind,
    ).toBe('ConfigMap');
  });

  it('stops alias expansion (billion laughs) at the limit without expanding it', () => {
    let lol =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    let prev = 'a';
    for (const n of 'bcdefghijk') {
      lol += `${n}: &${n} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
      prev = n;
    }
    expect(refused(() => parseYamlManifests(lol))).toMatch(/aliases are limited to 100/);
  });

  it('limits the number of objects and the nesting depth', () => {
    expect(refused(() => parseYamlManifests(`${CM}---\n`.repeat(DEFAULT_LIMITS.maxObjects + 1)))).toMatch(
      /too many objects: at most 1000/,
    );
    // empty documents hold no object, but are counted, and the parse stops at the first past the cap
    expect(refused(() => parseYamlManifests(`${CM}${'---\n'.repeat(DEFAULT_LIMITS.maxDocuments + 5)}`))).toMatch(
      /document 2001, line 2006, column 1: too many documents: at most 2000 per request, empty ones included/,
    );
    expect(parseYamlManifests(`${CM}${'---\n'.repeat(DEFAULT_LIMITS.maxDocuments - 1)}`)).toHaveLength(1);
    expect(refused(() => parseYamlManifests(`a: ${'['.repeat(200)}${']'.repeat(200)}\n`))).toMatch(
      /nesting deeper than 64/,
    );
  });
});

describe('parseJsonManifests', () => {
  it('takes { manifests } and unwraps lists', () => {
    const docs = parseJsonManifests({
      manifests: [{ apiVersion: 'v1', kind: 'List', items: [{ kind: 'A' }, { kind: 'B' }] }, { kind: 'C' }],
    });
    expect(docs.map((d) => [d.index, d.object.kind])).toEqual([
      [0, 'A'],
      [1, 'B'],
      [2, 'C'],
    ]);
    expect(docs[0].locate).toBeUndefined();
  });

  it('counts the members and items of each object it walked (none counted for List items)', () => {
    const docs = parseJsonManifests(
      {
        manifests: [
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { x: '1', y: '2' } }, data: {} },
          { apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'a', args: ['x', 'y', 'z'] }] } },
          { apiVersion: 'v1', kind: 'List', items: [{ kind: 'A' }] },
        ],
      },
      DEFAULT_LIMITS,
      true,
    );
    // 4 at the top + name, labels + x, y; 3 at the top + containers + 1 item + name, args + 3 items
    expect(docs.map((d) => d.members)).toEqual([8, 10, undefined]);
    expect(parseJsonManifests({ manifests: [{ kind: 'A' }] }).map((d) => d.members)).toEqual([undefined]);
    const yaml = parseYamlManifests(
      `${CM}---
apiVersion: v1
kind: List
items:
- kind: A
---
base: &b {x: 1}
kind: B
other: *b
`,
    );
    // 4 at the top + name + k; a List's items are not counted; aliases make no tree
    expect(yaml.map((d) => d.members)).toEqual([6, undefined, undefined]);
  });

  it('notes the maps of scalars only from 32 members, with their member counts', () => {
    const labels = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i % 2 ? 'v' : null]));
    const data = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`d${i}`, 'v']));
    const mixed = { ...labels, inner: { a: 'b' } };
    const list = Array.from({ length: 40 }, (_, i) => `item ${i}`);
    const object = { apiVersion: 'v1', kind: 'X', metadata: { name: 'a', labels }, data, mixed, list };
    const [doc] = parseJsonManifests({ manifests: [object] }, DEFAULT_LIMITS, true);
    expect(doc.object).toBe(object);
    // data has 31 members, mixed holds an object, a list is not a map
    expect([...doc.scalarMaps!]).toEqual([[labels, 40]]);
    // the same for a map of 32 at the top, and nothing noted without the tree flag or in a List
    const flat = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`f${i}`, i]));
    expect([...parseJsonManifests({ manifests: [flat] }, DEFAULT_LIMITS, true)[0].scalarMaps!]).toEqual([[flat, 32]]);
    expect(parseJsonManifests({ manifests: [object] })[0].scalarMaps).toBeUndefined();
    const listed = parseJsonManifests({ manifests: [{ kind: 'List', items: [object] }] }, DEFAULT_LIMITS, true);
    expect(listed[0].scalarMaps).toBeUndefined();
  });

  it('points at what is wrong with the body', () => {
    expect(refused(() => parseJsonManifests([]))).toMatch(/^ the body must be an object/);
    expect(refused(() => parseJsonManifests({ manifests: [], extra: 1 }))).toMatch(/^\/extra unknown field/);
    expect(refused(() => parseJsonManifests({ manifests: {} }))).toMatch(/^\/manifests manifests must be an array/);
    expect(refused(() => parseJsonManifests({ manifests: [] }))).toMatch(/at least one/);
    expect(refused(() => parseJsonManifests({ manifests: [{ kind: 'A' }, 'x', 3] }))).toBe(
      '/manifests/1 each manifest must be a Kubernetes object\n/manifests/2 each manifest must be a Kubernetes object',
    );
  });
});
