// Pure functions the service asks about the same values again and again (label keys, preset config
// files): each answer is kept in a small bounded table (lru-cache), the least recently used going first.
import { LRUCache } from 'lru-cache';

/**
 * `fn` with its answers kept under `keyOf(argument)`. `fn` must be pure, and two arguments with the
 * same key must get the same answer from it.
 */
export function memoized<A, V>(fn: (arg: A) => V, size: number, keyOf: (arg: A) => string = String): (arg: A) => V {
  // boxed: lru-cache keeps no undefined value, and "no problem" is one
  const answers = new LRUCache<string, { value: V }>({ max: size });
  return (arg) => {
    const key = keyOf(arg);
    let kept = answers.get(key);
    if (!kept) {
      kept = { value: fn(arg) };
      answers.set(key, kept);
    }
    return kept.value;
  };
}
