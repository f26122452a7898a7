import { describe, expect, it } from 'vitest';
import { nginxBareWordProblem } from './nginx-tokens.js';

describe('nginxBareWordProblem', () => {
  it('names a leading "#" (a comment to nginx) and a leading quote (a quoted string)', () => {
    expect(nginxBareWordProblem('#X-Trace')).toBe(
      '#X-Trace starts with "#", which nginx reads as the start of a comment; choose a name without it',
    );
    expect(nginxBareWordProblem("'X-Trace")).toBe(
      "'X-Trace starts with a quote, which nginx reads as the start of a quoted string; choose a name without it",
    );
  });

  it('lets a name through that holds either character further in', () => {
    for (const name of ['X-Trace', 'X#Trace', "X'Trace", 'X-Trace#', ''])
      expect(nginxBareWordProblem(name)).toBeUndefined();
  });
});
