import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../model/bundle.js';
import { keyProblem, metaAnnotationsRule, metaLabelsRule } from './metadata.rules.js';
import type { BundleDocument } from './rule.js';

describe('keyProblem (label and annotation keys, IsQualifiedName)', () => {
  const NAME_RULE =
    'must be at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  const PREFIX_RULE = 'must be a DNS-1123 subdomain of at most 253 characters';

  it('accepts names with and without a DNS prefix, at the length limits', () => {
    for (const key of [
      'app',
      'app.kubernetes.io/name',
      'A_b-c.9',
      `${'a'.repeat(63)}`,
      `${'b'.repeat(253)}/x`,
      'e.com/Z',
    ])
      expect(keyProblem(key), key).toBeUndefined();
  });

  it('says which part is wrong and why', () => {
    expect(keyProblem('a/b/c')).toBe('may contain at most one "/"');
    expect(keyProblem('a//')).toBe('may contain at most one "/"');
    expect(keyProblem('Example.com/name')).toBe(`prefix "Example.com" ${PREFIX_RULE}`);
    expect(keyProblem('/name')).toBe(`prefix "" ${PREFIX_RULE}`);
    expect(keyProblem(`${'b'.repeat(254)}/x`)).toBe(`prefix "${'b'.repeat(254)}" ${PREFIX_RULE}`);
    // the prefix is judged before the name
    expect(keyProblem('bad prefix/bad name')).toBe(`prefix "bad prefix" ${PREFIX_RULE}`);
    expect(keyProblem('e.com/')).toBe(`name part "" ${NAME_RULE}`);
    expect(keyProblem('')).toBe(`name part "" ${NAME_RULE}`);
    expect(keyProblem('bad key 1')).toBe(`name part "bad key 1" ${NAME_RULE}`);
    expect(keyProblem('-app')).toBe(`name part "-app" ${NAME_RULE}`);
    expect(keyProblem(`e.com/${'a'.repeat(64)}`)).toBe(`name part "${'a'.repeat(64)}" ${NAME_RULE}`);
  });

  it('answers a prefix the same the second time (its answers are kept)', () => {
    for (let i = 0; i < 2; i++) {
      expect(keyProblem('Kept.example/x')).toBe(`prefix "Kept.example" ${PREFIX_RULE}`);
      expect(keyProblem('kept.example/x')).toBeUndefined();
    }
  });
});

describe('meta.labels', () => {
  it('points at each bad key and value of the object and of its pod template, with what is wrong', () => {
    const labels = { 'a/b/c': 'ok', 'ex~ample.com/x': 'bad value!', good: '' };
    const object = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', labels },
      spec: { template: { metadata: { labels: { 'x y': 'v' } }, spec: { containers: [] } } },
    } as unknown as K8sObject;
    const document: BundleDocument = { index: 0, object };
    const found = metaLabelsRule
      .check({ documents: [document], minor: 33, podSecurity: 'restricted', mode: 'validate' })
      .map((f) => [f.document === document, f.path, f.message]);
    const value =
      'must be empty or at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
    expect(found).toEqual([
      [true, '/metadata/labels/a~1b~1c', 'label key "a/b/c": may contain at most one "/"'],
      [
        true,
        '/metadata/labels/ex~0ample.com~1x',
        'label key "ex~ample.com/x": prefix "ex~ample.com" must be a DNS-1123 subdomain of at most 253 characters',
      ],
      [true, '/metadata/labels/ex~0ample.com~1x', `label value "bad value!" ${value}`],
      [
        true,
        '/spec/template/metadata/labels/x y',
        'label key "x y": name part "x y" must be at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
      ],
    ]);
  });
});

describe('meta.annotations', () => {
  it('points at each bad key with what is wrong', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', annotations: { 'example.com/ok': 'x', 'a/b/c': 'y' } },
    } as unknown as K8sObject;
    const document: BundleDocument = { index: 0, object };
    const found = metaAnnotationsRule
      .check({ documents: [document], minor: 33, podSecurity: 'restricted', mode: 'validate' })
      .map((f) => [f.document === document, f.path, f.message]);
    expect(found).toEqual([
      [true, '/metadata/annotations/a~1b~1c', 'annotation key "a/b/c": may contain at most one "/"'],
    ]);
  });
});
