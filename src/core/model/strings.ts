// Strings no output can hold: a lone UTF-16 surrogate (JSON can spell one, as \ud800) has no
// UTF-8 form, so the YAML bundle and the chart would each write U+FFFD in its place while the JSON
// bundle keeps it. Such requests are refused, for every endpoint, with a pointer to each string.
import { pointer, type FieldError } from './errors.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const LONE_SURROGATE_DETAIL =
  'contains a lone UTF-16 surrogate (e.g. \\ud800 without its pair), which has no UTF-8 form; send the character whole';

/** One error per string (or member name) holding a lone surrogate, at its JSON pointer. */
export function loneSurrogateErrors(
  value: unknown,
  path: (string | number)[] = [],
  errors: FieldError[] = [],
): FieldError[] {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) errors.push({ pointer: pointer(...path), detail: LONE_SURROGATE_DETAIL });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => loneSurrogateErrors(v, [...path, i], errors));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (LONE_SURROGATE.test(k)) {
        errors.push({ pointer: pointer(...path, k), detail: `the member name ${LONE_SURROGATE_DETAIL}` });
      } else loneSurrogateErrors(v, [...path, k], errors);
    }
  }
  return errors;
}
