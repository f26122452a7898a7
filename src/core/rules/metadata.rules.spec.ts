import { describe, expect, it } from 'vitest';
import { keyProblem } from './metadata.rules.js';

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
