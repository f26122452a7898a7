import { describe, expect, it } from 'vitest';
import { onigmoRegexProblem } from './onigmo-regex.js';

describe('Fluent Bit parser regex check (Onigmo, Ruby syntax)', () => {
  it.each([
    '^(?<time>[^ ]+) (?<level>\\w+) (?<message>.*)$',
    // Onigmo-only forms Fluent Bit takes
    '^(?>(?<host>[^ ]+)) (?<rest>.*+)$',
    "^(?'level'[A-Z]+) (?<message>.*)$",
    '^(?i:(?<level>info|warn)) (?#the rest)(?<message>.*)$',
    '^(?<a>x)|(?<a>y)$',
    '^(?<=\\[)(?<id>\\d{4})(?=\\])',
    '^(?<=ab|c)(?<rest>.*)$',
    '^(?<word>[[:alpha:]]+)[]x]*(?<tail>.*)$',
    '^(?<ts>\\d+) \\k<ts>$',
    // each checked with Ruby 3.1's Regexp.new (Onigmo): a name of two letters used twice, an inline option
    // after a plain group, options turned off two at a time, a quantifier inside an option group, a "{"
    // that starts no interval in a look-behind with an interval further on
    '^(?<ab>.)(?<ab>.)$',
    '^(a)(?<m>x)(?i)$',
    '^(?i-mx:(?<m>x))$',
    '^(?i:(?<m>a+))$',
    '^(?<=a{x})(?<m>.{2,3})$',
  ])('accepts %s', (regex) => {
    expect(onigmoRegexProblem(regex)).toBeUndefined();
  });

  it.each([
    ['(?<message>.*', 'not a valid regular expression'],
    ['^(?<level>[a-z]+)(?<msg>.*))$', 'not a valid regular expression'],
    ['^(?<lvl>x){2,1}$', 'not a valid regular expression'],
    ['^.*$', 'named group'],
    ['^(?<1st>.*)$', 'group name "1st"'],
    ['^(?<bad-name>.*)$', 'group name "bad-name"'],
    ['^(?<a$b>.*)$', 'group name "a$b"'],
    ['^(?<=a+)(?<m>.*)$', 'look-behind'],
    ['^(?<!x?)(?<m>.*)$', 'look-behind'],
    // Ruby 3.1 (Onigmo): "invalid pattern in look-behind" for both (a two-digit bound; "}+" after a literal {,})
    ['^(?<=a{2,34})(?<m>.*)$', 'look-behind'],
    ['^(?<=a{,}+)(?<m>.*)$', 'look-behind'],
    ['^(?<m>.)\\1$', 'numbered backreference'],
    ['^(?<m>.*)\\k<other>$', 'not a valid regular expression'],
    ['^(?<m>[^].*)$', 'empty character class'],
    ['^(?<m>[a-z)$', 'premature end of character class'],
    ['^(?<m>[])$', 'empty character class'],
    ['^(?<m>.*)\n', 'single line'],
    [' (?<m>.*)', 'white space'],
  ])('refuses %s', (regex, detail) => {
    expect(onigmoRegexProblem(regex)).toContain(detail);
  });

  // Each verdict below is Ruby 3.1's Regexp.new (Onigmo, the engine and syntax Fluent Bit uses).
  it.each([
    '^(?<m>[[a]])$',
    '^(?<m>[][a]])$',
    '^(?<m>[^[a]])$',
    '^(?<m>[[:alpha:]x])$',
    '^(?<m>[a-z&&[^x]])$',
    '^(?<m>[\\[a])$',
    '^(?<=a{2})(?<m>.*)$',
    '^(?<=a{2,2})(?<m>.*)$',
    '^(?<=(?:ab))(?<m>.*)$',
    '^(?<a>x)(?<=a(?:b))',
    '^(?<a>x)(?=a+)',
    '^(?<m>x?+)$',
    '^(?i)(?<m>x)$',
    '^(?i-m:(?<m>x))$',
    '(?<m>a{)',
    '(?<m>a{x})',
    '^(?<m>x{,3})$',
    '^(?<m>.)(?<m>.)(?<m>.)\\k<m>$',
    '^(?<m>x)\\0',
    '^((?<m>a)|b)$',
    '^(?<a>x)*(?<b>y)$',
    '^(?<=x{3}y)(?<m>.*)$',
    '^(?<m>a)(?im-x)b{2}+$',
    // {,} starts no interval in Onigmo (a{,} matches "a{,}"), so it is fixed-length
    '^(?<=a{,})(?<m>.*)$',
    '^(?<=a{})(?<m>.*)$',
    // a class is copied whole and scanning goes on after it: its "(" opens no group
    '^(?<m>[(])$',
  ])('accepts what Onigmo accepts: %s', (regex) => {
    expect(onigmoRegexProblem(regex)).toBeUndefined();
  });

  it.each([
    // a "[" right after a class's opening opens a nested class (it used to be read as a literal)
    ['^(?<m>[[a])$', 'premature end of character class: a "[" is not closed'],
    ['^(?<m>[^[a])$', 'premature end of character class: a "[" is not closed'],
    ['^(?<m>[[]])$', 'premature end of character class: a "[" is not closed'],
    ['^(?<m>[[:alpha:])$', 'premature end of character class: a "[" is not closed'],
    ['^(?<m>[[])$', 'empty character class []: Onigmo refuses it'],
    ['^(?<=a{,2})(?<m>.*)$', 'invalid pattern in look-behind: Onigmo needs a fixed length there (no *, +, ? or {n,m})'],
    [
      '^(?<=a{1,2})(?<m>.*)$',
      'invalid pattern in look-behind: Onigmo needs a fixed length there (no *, +, ? or {n,m})',
    ],
    ['^(?<=a*?)(?<m>.*)$', 'invalid pattern in look-behind: Onigmo needs a fixed length there (no *, +, ? or {n,m})'],
    ['^(?<a>x)(?#com$', 'unterminated (?# comment'],
    [
      '^(?<m>a)(?<n>b)\\2',
      'a numbered backreference (\\1) is not allowed beside named groups in Onigmo; use \\k<name>',
    ],
    ['^(?<m>a)\\', 'not a valid regular expression: /^(?<m>a)\\/: \\ at end of pattern'],
    ['(?<message>.*', 'not a valid regular expression: /(?<message>.*/: Unterminated group'],
    ['^(?<1st>.*)$', 'group name "1st" must be letters, digits and _ and not start with a digit'],
    ['^(?<m>.*)\r', 'the regex must be a single line'],
    ['(?<m>.*) ', 'the regex must not start or end with white space (the config line trims it); use \\s or \\x20'],
    ['', 'the regex is empty'],
    ['^.*$', 'the regex needs at least one named group, e.g. (?<message>.*), to produce fields'],
  ])('refuses what Onigmo refuses, saying why: %s', (regex, problem) => {
    expect(onigmoRegexProblem(regex)).toBe(problem);
  });
});
