import { describe, expect, it } from 'vitest';
import { mediaTypeOf, negotiate } from './media-types.js';

const TYPES = ['application/json', 'application/yaml', 'text/yaml'];

describe('negotiate', () => {
  it.each([
    [undefined, 'application/json'],
    ['*/*', 'application/json'],
    ['application/yaml', 'application/yaml'],
    ['text/*', 'text/yaml'],
    ['application/json;q=0.1, application/yaml;q=0.9', 'application/yaml'],
    ['text/html, */*;q=0.1', 'application/json'],
    ['application/yaml;q=0, */*', 'application/json'],
  ])('Accept %s -> %s', (accept, expected) => {
    expect(negotiate(accept, TYPES)).toBe(expected);
  });

  it('finds nothing for types it does not have', () => {
    expect(negotiate('text/html', TYPES)).toBeUndefined();
    expect(negotiate('application/json;q=0', TYPES)).toBeUndefined();
  });
});

describe('mediaTypeOf', () => {
  it('drops parameters and case', () => {
    expect(mediaTypeOf('Application/JSON; charset=utf-8')).toBe('application/json');
    expect(mediaTypeOf(undefined)).toBeUndefined();
    expect(mediaTypeOf('')).toBeUndefined();
  });
});
