// Checks a Fluent Bit parser regex the way Fluent Bit reads it: Onigmo with Ruby syntax
// (src/flb_regex.c compiles with ONIG_SYNTAX_RUBY), as one value of a classic-mode config line.
// JavaScript's engine checks the syntax the two share once the Onigmo-only forms (atomic groups,
// possessive quantifiers, (?'name'), (?#comments), inline options, duplicate names) are put in
// their JavaScript shape; then the rules Onigmo adds are checked on top: no variable-length
// look-behind, no numbered backreference beside named groups, no empty character class, group
// names made of word characters. A regex Fluent Bit refuses stops it at start, so the pod would
// never be Ready.

/** A problem with the regex, as a sentence; undefined when Fluent Bit would take it. */
export function onigmoRegexProblem(regex: string): string | undefined {
  if (/[\r\n]/.test(regex)) return 'the regex must be a single line';
  if (regex !== regex.trim())
    return 'the regex must not start or end with white space (the config line trims it); use \\s or \\x20';
  if (!regex) return 'the regex is empty';
  let scan: Scan;
  try {
    scan = scanPattern(regex);
  } catch (err) {
    return (err as Error).message;
  }
  if (!scan.names.length) return 'the regex needs at least one named group, e.g. (?<message>.*), to produce fields';
  const badName = scan.names.find((n) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
  if (badName !== undefined) return `group name "${badName}" must be letters, digits and _ and not start with a digit`;
  if (scan.numberedBackref)
    return 'a numbered backreference (\\1) is not allowed beside named groups in Onigmo; use \\k<name>';
  try {
    new RegExp(scan.js);
  } catch (err) {
    return `not a valid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
  return undefined;
}

interface Scan {
  /** the pattern in JavaScript syntax, for the shared syntax check */
  js: string;
  names: string[];
  numberedBackref: boolean;
}

interface Group {
  lookbehind: boolean;
  /** index in `out` where the group's text starts */
  start: number;
}

/** One pass over the pattern: Onigmo-only forms rewritten, Onigmo-only errors thrown. */
function scanPattern(src: string): Scan {
  let out = '';
  const names: string[] = [];
  const seen = new Map<string, number>();
  let numberedBackref = false;
  const groups: Group[] = [];
  let i = 0;
  const inLookbehind = () => groups.some((g) => g.lookbehind);
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      const next = src[i + 1] ?? '';
      if (/[1-9]/.test(next)) numberedBackref = true;
      out += c + next;
      i += 2;
      continue;
    }
    if (c === '[') {
      const end = classEnd(src, i);
      out += src.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (c === '(') {
      if (src.startsWith('(?#', i)) {
        const close = src.indexOf(')', i);
        if (close < 0) throw new Error('unterminated (?# comment');
        i = close + 1;
        continue;
      }
      const named = /^\(\?(?:<([^>=!]*)>|'([^']*)')/.exec(src.slice(i));
      if (named) {
        const name = named[1] ?? named[2];
        names.push(name);
        const count = (seen.get(name) ?? 0) + 1;
        seen.set(name, count);
        // Onigmo allows one name on several groups; JavaScript does not, so later ones are renamed.
        const jsName = count > 1 && /^[A-Za-z_]\w*$/.test(name) ? `${name}__${count}` : name;
        groups.push({ lookbehind: false, start: out.length });
        out += `(?<${jsName}>`;
        i += named[0].length;
        continue;
      }
      const options = /^\(\?[imx]*(-[imx]*)?(:|\))/.exec(src.slice(i));
      if (options && options[0] !== '(?:') {
        if (options[2] === ')') {
          i += options[0].length; // (?i) applies to the rest: no JavaScript equivalent, no syntax
          continue;
        }
        groups.push({ lookbehind: false, start: out.length });
        out += '(?:';
        i += options[0].length;
        continue;
      }
      if (src.startsWith('(?>', i)) {
        groups.push({ lookbehind: false, start: out.length });
        out += '(?:';
        i += 3;
        continue;
      }
      const lookbehind = src.startsWith('(?<=', i) || src.startsWith('(?<!', i);
      groups.push({ lookbehind, start: out.length });
      const open = lookbehind ? 4 : src.startsWith('(?', i) ? 3 : 1;
      out += src.slice(i, i + open);
      i += open;
      continue;
    }
    if (c === ')') {
      groups.pop();
      out += c;
      i += 1;
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      const quantifier = c === '{' ? /^\{(\d*)(,(\d*))?\}/.exec(src.slice(i)) : [c];
      // a "{" that starts no interval is a literal in both; {} and {,} too in Onigmo (a{,} matches "a{,}")
      if (!quantifier || (c === '{' && !quantifier[1] && !quantifier[3])) {
        out += c;
        i += 1;
        continue;
      }
      if (inLookbehind()) {
        const fixed = c === '{' && quantifier[2] === undefined;
        const sameBounds = c === '{' && quantifier[2] !== undefined && quantifier[1] === quantifier[3];
        if (!fixed && !sameBounds)
          throw new Error('invalid pattern in look-behind: Onigmo needs a fixed length there (no *, +, ? or {n,m})');
      }
      out += quantifier[0];
      i += quantifier[0].length;
      // lazy "?" is shared; possessive "+" is Onigmo's, greedy in JavaScript
      if (src[i] === '+') i += 1;
      continue;
    }
    out += c;
    i += 1;
  }
  return { js: out, names, numberedBackref };
}

/**
 * Index of the "]" that closes the class opened at `start`. Onigmo nests classes ([a-z&&[^x]],
 * [[:alpha:]]): every "[" inside a class opens one, right after the opening too ([[a] is refused,
 * "premature end of char-class").
 */
function classEnd(src: string, start: number): number {
  let i = start + 1;
  if (src[i] === '^') i += 1;
  // A "]" right after the opening is a literal in Onigmo when the class closes later, and an
  // empty class (an error) otherwise.
  const first = i;
  for (; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i += 1;
    } else if (c === '[') {
      i = classEnd(src, i);
    } else if (c === ']' && i > first) {
      return i;
    }
  }
  throw new Error(
    src[first] === ']'
      ? 'empty character class []: Onigmo refuses it'
      : 'premature end of character class: a "[" is not closed',
  );
}
