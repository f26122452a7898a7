// The Kubernetes JSONPath templates json_exporter reads (k8s.io/client-go/util/jsonpath, parser.go):
// text with actions in braces. A template that parser refuses fails every scrape of its metric,
// so it is refused here first, with the parser's own reasons: an action not closed, an array or
// filter not terminated, a quote not closed, an array index it cannot read, a character it does not
// know inside an action.

/** Characters that end a field name inside an action (parser.go isTerminator). */
const TERMINATOR = /[\s.,{}[\]$@()=<>!|]/;
/** What parseArray accepts between brackets: indexes, slices, lists, quoted keys, a filter or "*". */
const ARRAY =
  /^\[\s*(\*|-?\d*\s*(:\s*-?\d*\s*){0,2}(,\s*-?\d*\s*(:\s*-?\d*\s*){0,2})*|'[^']*'(\s*,\s*'[^']*')*|"[^"]*"(\s*,\s*"[^"]*")*|\?\(.*\))\s*\]$/;

/** Why the parser would refuse `template`, or undefined. */
export function jsonPathTemplateProblem(template: string): string | undefined {
  let i = 0;
  let depth = 0;
  const n = template.length;
  while (i < n) {
    const open = template.indexOf('{', i);
    if (open < 0) return undefined;
    i = open + 1;
    for (;;) {
      if (i >= n) return 'unclosed action: a "{" has no "}"';
      const c = template[i];
      if (c === '}') {
        i += 1;
        break;
      }
      if (/\s/.test(c) || c === '@' || c === '$' || c === ',' || c === '*') {
        i += 1;
      } else if (c === '[') {
        const end = closingBracket(template, i);
        if (end < 0)
          return template[i + 1] === '?'
            ? 'unterminated filter: a "[?(" has no ")]"'
            : 'unterminated array: a "[" has no "]"';
        const array = template.slice(i, end + 1);
        if (!ARRAY.test(array)) return `invalid array index ${array}`;
        i = end + 1;
      } else if (c === '"' || c === "'") {
        const close = template.indexOf(c, i + 1);
        if (close < 0) return `unterminated quoted string: a ${c} is not closed`;
        i = close + 1;
      } else if (c === '.') {
        i += template[i + 1] === '.' ? 2 : 1;
        while (i < n && !TERMINATOR.test(template[i])) i += 1;
      } else if (/[A-Za-z0-9_-]/.test(c)) {
        // keywords (range, end, true, false) and numbers
        const word = /^[A-Za-z0-9_.-]+/.exec(template.slice(i))![0];
        if (word === 'range') depth += 1;
        if (word === 'end' && --depth < 0) return 'not in range, nothing to end: an {end} without {range}';
        if (!/^(range|end|true|false|-?\d+(\.\d+)?)$/.test(word))
          return `unrecognized identifier ${word}: field names start with "." (e.g. .${word})`;
        i += word.length;
      } else {
        return `unrecognized character in action: ${JSON.stringify(c)}`;
      }
    }
  }
  return depth > 0 ? 'a {range} has no {end}' : undefined;
}

/** Index of the "]" that closes the bracket at `start`, skipping quoted text and nested brackets. */
function closingBracket(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      if (close < 0) return -1;
      i = close;
    } else if (c === '[') depth += 1;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}
