import { describe, expect, it } from 'vitest';
import { memoized } from './memo.js';

describe('memoized', () => {
  it('answers as the function does, asking it once per key while the key is kept', () => {
    const asked: string[] = [];
    const length = memoized((key: string) => (asked.push(key), key.length || undefined), 3);
    expect([length('ab'), length('ab'), length(''), length('')]).toEqual([2, 2, undefined, undefined]);
    expect(asked).toEqual(['ab', '']);
  });

  it('keeps at most `size` answers, dropping the oldest first, and stays right after', () => {
    const asked: string[] = [];
    const upper = memoized((key: string) => (asked.push(key), key.toUpperCase()), 2);
    expect(['a', 'b', 'c', 'a', 'c'].map(upper)).toEqual(['A', 'B', 'C', 'A', 'C']);
    // "a", the least recently used, was dropped when "c" came, so it is asked again; "c" is still kept
    expect(asked).toEqual(['a', 'b', 'c', 'a']);
  });

  it('keeps answers under the key it is given', () => {
    const asked: number[][] = [];
    const sum = memoized(
      (xs: number[]) => (asked.push(xs), xs.reduce((a, b) => a + b, 0)),
      4,
      (xs) => xs.join(','),
    );
    expect([sum([1, 2]), sum([1, 2]), sum([3])]).toEqual([3, 3, 3]);
    expect(asked).toEqual([[1, 2], [3]]);
  });
});
