// For unit tests: the field errors a refused input got, as "pointer detail" lines.
import { expect } from 'vitest';
import { InvalidRequestError } from './errors.js';

/** The field errors of the InvalidRequestError `fn` throws; fails the test when it throws none. */
export function refusal(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidRequestError);
    return (e as InvalidRequestError).errors.map((x) => `${x.pointer} ${x.detail}`);
  }
  throw new Error('expected a refusal');
}
