import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../model/errors.js';
import { parseYamlRequest } from './parse-request.js';

const refusal = (text: string) => {
  try {
    parseYamlRequest(text);
  } catch (err) {
    if (err instanceof InvalidRequestError) return err.errors;
    throw err;
  }
  throw new Error('accepted');
};

describe('parseYamlRequest', () => {
  it('reads one document as kubectl does (YAML 1.1 scalars, merge keys, timestamps as strings) and locates fields', () => {
    const { value, locate } = parseYamlRequest(
      'base: &b\n  x: 1\napp:\n  <<: *b\n  on: yes\n  when: 2024-01-02\n  mode: 0755\n',
    );
    expect(value).toEqual({ base: { x: 1 }, app: { x: 1, true: true, when: '2024-01-02', mode: 493 } });
    expect(locate('/app/when')).toEqual({ line: 6, column: 3 });
    // a field that is not there: its deepest parent that is
    expect(locate('/app/missing/deeper')).toEqual({ line: 3, column: 1 });
  });

  it('refuses duplicate keys with their pointers and positions', () => {
    expect(refusal('a:\n  b: 1\n  c: 2\n  b: 3\nlist:\n  - x: 1\n    x: 2\n')).toEqual([
      {
        pointer: '/a/b',
        detail: 'line 4, column 3: "b" is given more than once in this object; give each field once',
        line: 4,
        column: 3,
      },
      {
        pointer: '/list/0/x',
        detail: 'line 7, column 5: "x" is given more than once in this object; give each field once',
        line: 7,
        column: 5,
      },
    ]);
  });

  it('ignores empty documents around the one with content', () => {
    expect(parseYamlRequest('---\n# nothing\n---\na: 1\n---\n').value).toEqual({ a: 1 });
  });
});
