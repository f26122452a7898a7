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
});
