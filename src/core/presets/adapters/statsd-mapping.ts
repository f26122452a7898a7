// statsd_exporter's own checks of a mapping file (pkg/mapper/mapper.go, InitFromYAMLString, v0.28),
// applied before the file is accepted: a mapping the exporter would refuse makes it exit 1 at
// start, so the pod would crash-loop and never be Ready. The regexes are statsd_exporter's.
import { parse } from 'yaml';
import { InvalidRequestError } from '../../model/errors.js';
import { isPlainObject } from './adapter-params.js';

/** statsdMetricRE: the first segment of a glob match cannot start with a digit */
const STATSD_METRIC = '[a-zA-Z_](-?[a-zA-Z0-9_])*';
/** statsdMetricSubsequentRE: later segments may */
const STATSD_METRIC_SUBSEQUENT = '[a-zA-Z0-9_](-?[a-zA-Z0-9_])*';
const TEMPLATE_REPLACE = '(\\$\\{?\\d+\\}?)';
/** metricLineRE */
export const STATSD_GLOB = new RegExp(`^(\\*|${STATSD_METRIC})(\\.\\*|\\.${STATSD_METRIC_SUBSEQUENT})*$`);
/** metricNameRE */
export const STATSD_METRIC_NAME = new RegExp(`^([a-zA-Z_]|${TEMPLATE_REPLACE})([a-zA-Z0-9_]|${TEMPLATE_REPLACE})*$`);
/** labelNameRE: note the "+", a one-letter label name is refused */
export const STATSD_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]+$/;
const MATCH_TYPES = ['glob', 'regex'];
const ACTIONS = ['map', 'drop'];
const OBSERVER_TYPES = ['histogram', 'summary'];
/**
 * Constructs Go's RE2 refuses that JavaScript's parser takes: lookaround and backreferences. Atomic
 * groups and possessive quantifiers ("(?>", "a*+") need no check: the JavaScript parser refuses them
 * too, and a "+" after "*", "?" or "}" that it takes is a literal ("[*+]", "\\*+"), which RE2 takes too.
 */
const NOT_RE2 = /\(\?<?[=!]|\\[1-9]|\\k</;

/** The mapping file as given (with a final newline) when statsd_exporter would load it; otherwise a 400. */
export function checkStatsdMapping(text: string, pointer: string): string {
  const fail = (detail: string): never => {
    throw new InvalidRequestError([{ pointer, detail }]);
  };
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    return fail(`not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!isPlainObject(doc) || !Array.isArray(doc.mappings)) {
    return fail('must be a statsd_exporter mapping file: YAML with a "mappings" list (and optionally "defaults")');
  }
  const defaults = doc.defaults === undefined || doc.defaults === null ? {} : doc.defaults;
  if (!isPlainObject(defaults)) return fail('"defaults" must be a mapping');
  const defaultType = defaults.match_type ?? 'glob';
  if (!MATCH_TYPES.includes(String(defaultType)))
    fail(`defaults.match_type must be "glob" or "regex", not ${JSON.stringify(defaultType)}`);
  const problems = (doc.mappings as unknown[]).flatMap((m, i) =>
    mappingProblems(m, String(defaultType)).map((p) => `mappings[${i}]${p}`),
  );
  if (problems.length) fail(`statsd_exporter would refuse this mapping file and exit at start: ${problems.join('; ')}`);
  return text.endsWith('\n') ? text : `${text}\n`;
}

function mappingProblems(m: unknown, defaultType: string): string[] {
  if (!isPlainObject(m)) return [': each mapping must be a mapping with match and name'];
  const problems: string[] = [];
  const labels = m.labels ?? {};
  if (!isPlainObject(labels)) problems.push('.labels: must map label names to values');
  else {
    for (const [key, value] of Object.entries(labels)) {
      if (!STATSD_LABEL_NAME.test(key))
        problems.push(`.labels: invalid label name "${key}" (must match ${STATSD_LABEL_NAME.source})`);
      if (isPlainObject(value) || Array.isArray(value)) problems.push(`.labels.${key}: the value must be a string`);
    }
  }
  // statsd_exporter needs a name even for action "drop"
  if (m.name === undefined || m.name === null || m.name === '')
    problems.push('.name: the mapping sets no metric name (required, also with action drop)');
  else if (typeof m.name !== 'string' || !STATSD_METRIC_NAME.test(m.name))
    problems.push(`.name: "${String(m.name)}" is not a valid metric name (must match ${STATSD_METRIC_NAME.source})`);
  const matchType = m.match_type ?? defaultType;
  if (!MATCH_TYPES.includes(String(matchType)))
    problems.push(`.match_type: must be "glob" or "regex", not ${JSON.stringify(matchType)}`);
  const match = m.match ?? '';
  if (typeof match !== 'string') problems.push('.match: must be a glob such as "app.*.requests" or a regex');
  else if (matchType === 'glob' && !STATSD_GLOB.test(match))
    problems.push(
      `.match: "${match}" is not a valid glob (dot-separated names and *, the first not starting with a digit)`,
    );
  else if (matchType === 'regex') {
    try {
      new RegExp(match);
      if (NOT_RE2.test(match))
        problems.push(`.match: "${match}" uses lookaround or backreferences, which Go's regexp does not support`);
    } catch (err) {
      problems.push(`.match: not a valid regex: ${(err as Error).message}`);
    }
  }
  if (m.action !== undefined && !ACTIONS.includes(String(m.action)))
    problems.push(`.action: must be "map" or "drop", not ${JSON.stringify(m.action)}`);
  const observer = m.observer_type ?? m.timer_type;
  if (observer !== undefined && observer !== '' && !OBSERVER_TYPES.includes(String(observer)))
    problems.push(`.observer_type: must be "histogram" or "summary", not ${JSON.stringify(observer)}`);
  if (observer === 'histogram' && m.summary_options !== undefined)
    problems.push(': a histogram observer cannot have summary_options');
  if (observer === 'summary' && m.histogram_options !== undefined)
    problems.push(': a summary observer cannot have histogram_options');
  return problems;
}
