// The YAML configuration files some helpers read (twemproxy, json_exporter), written by the `yaml`
// library. Writing even a short file costs the library a document and its schema (a quarter of a
// millisecond), and the same preset parameters give the same file on every request, so each text
// is kept, under its value, in a small bounded table: the same value gives the same bytes as a
// fresh stringify.
import { stringify } from 'yaml';
import { memoized } from '../model/memo.js';

/** Distinct texts kept; past that the oldest goes first. */
export const CONFIG_YAML_CACHE_SIZE = 512;

/**
 * The key of a value: its JSON, with the numbers JSON cannot tell apart (-0, NaN, Infinity, which
 * YAML writes each its own way) spelt out after a NUL, and a string that starts with NUL marked so
 * that it never reads as one of them.
 */
function keyOf(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)))
      return `\u0000${Object.is(v, -0) ? '-0' : v}`;
    return typeof v === 'string' && v.startsWith('\u0000') ? `\u0000s${v}` : v;
  });
}

/** `stringify(value, { lineWidth: 0 })` for plain data (strings, numbers, booleans, null, arrays, objects). */
export const configYaml: (value: unknown) => string = memoized(
  (value) => stringify(value, { lineWidth: 0 }),
  CONFIG_YAML_CACHE_SIZE,
  keyOf,
);
