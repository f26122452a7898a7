// Pure functions the service asks about the same values again and again (label keys, preset config
// files): each answer is kept in a small bounded table, the oldest going first.

/**
 * `fn` with its answers kept under `keyOf(argument)`. `fn` must be pure, and two arguments with the
 * same key must get the same answer from it.
 */
export function memoized<A, V>(fn: (arg: A) => V, size: number, keyOf: (arg: A) => string = String): (arg: A) => V {
  const answers = new Map<string, V>();
  return (arg) => {
    const key = keyOf(arg);
    if (answers.has(key)) return answers.get(key) as V;
    const answer = fn(arg);
    if (answers.size >= size) answers.delete(answers.keys().next().value!);
    answers.set(key, answer);
    return answer;
  };
}
