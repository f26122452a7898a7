// What the command prints for a terminal: findings one a line (file:line:column: severity rule:
// message), problems against the request file, and the catalogue and rule pages as plain text.
import { locationOf, type RequestSource } from './source.js';

export interface Finding {
  rule: string;
  severity: string;
  message: string;
  line?: number;
  column?: number;
  path?: string;
}

export interface Report {
  valid: boolean;
  findings: Finding[];
}

export interface Problem {
  status: number;
  title: string;
  detail: string;
  errors?: { pointer: string; detail: string }[];
  findings?: Finding[];
}

export function isProblem(body: unknown): body is Problem {
  return (
    !!body &&
    typeof body === 'object' &&
    typeof (body as Problem).status === 'number' &&
    typeof (body as Problem).detail === 'string'
  );
}

export function formatValidation(reports: { file: string; report: Report }[]): string {
  return reports
    .flatMap(({ file, report }) =>
      report.findings.map((f) => `${locationOf(file, f.line, f.column)}: ${f.severity} ${f.rule}: ${f.message}\n`),
    )
    .join('');
}

/** The problem as the service states it; each rejected field at its place in the request file. */
export function formatProblem(problem: Problem, request: RequestSource | undefined): string {
  const file = request?.file.name ?? 'pod-patterns';
  const lines: string[] = [];
  if (problem.errors?.length) {
    for (const e of problem.errors) {
      // a pointer into the request file, or (YAML the service could not read) the place it names
      const named = /\bline (\d+), column (\d+)/.exec(e.detail);
      const at =
        request?.locate(e.pointer) ??
        (request && named ? { line: Number(named[1]), column: Number(named[2]) } : undefined);
      lines.push(`${locationOf(file, at?.line, at?.column)}: error: ${e.pointer ? `${e.pointer}: ` : ''}${e.detail}`);
    }
  } else if (problem.findings?.length) {
    lines.push(`${file}: error: ${problem.detail}`);
    for (const f of problem.findings)
      lines.push(`${file}: ${f.severity} ${f.rule}: ${f.path ? `${f.path}: ` : ''}${f.message}`);
  } else {
    lines.push(`${file}: error: ${problem.title}: ${problem.detail}`);
  }
  return `${lines.join('\n')}\n`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- SARIF logs are walked as plain JSON
type Sarif = Record<string, any>;

/**
 * One log with one run for several files: the runs have the same tool and rules, so their artifacts
 * and results are put together (code scanning takes one run per tool and category).
 */
export function mergeSarif(logs: Sarif[]): Sarif {
  const [first, ...others] = logs;
  const run = { ...first.runs[0], artifacts: [...first.runs[0].artifacts], results: [...first.runs[0].results] };
  for (const log of others) {
    const offset = run.artifacts.length;
    run.artifacts.push(...log.runs[0].artifacts);
    for (const result of log.runs[0].results) {
      run.results.push({
        ...result,
        locations: result.locations.map((l: Sarif) => ({
          ...l,
          physicalLocation: {
            ...l.physicalLocation,
            artifactLocation: {
              ...l.physicalLocation.artifactLocation,
              index: l.physicalLocation.artifactLocation.index + offset,
            },
          },
        })),
      });
    }
  }
  return { ...first, runs: [run] };
}

export function formatPatterns(list: {
  patterns: { kind: string; id: string; title: string; description: string }[];
}): string {
  const width = Math.max(...list.patterns.map((p) => `${p.kind}/${p.id}`.length));
  return list.patterns
    .map((p) => `${`${p.kind}/${p.id}`.padEnd(width)}  ${p.title}\n${' '.repeat(width + 2)}${p.description}\n`)
    .join('');
}

export function formatRules(list: { rules: { id: string; severity: string; title: string }[] }): string {
  const width = Math.max(...list.rules.map((r) => r.id.length));
  return list.rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.title}\n`).join('');
}

export function formatRule(page: {
  id: string;
  layer: string;
  severity: string;
  title: string;
  rationale: string;
  seeAlso?: string[];
  examples?: { failing?: string; passing?: string };
}): string {
  const indent = (text: string) =>
    text
      .replace(/\n$/, '')
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n');
  const parts = [`${page.id} (${page.severity}, ${page.layer})`, page.title, '', page.rationale];
  if (page.seeAlso?.length) parts.push('', `See also: ${page.seeAlso.join(', ')}`);
  if (page.examples?.failing) parts.push('', 'Fails:', indent(page.examples.failing));
  if (page.examples?.passing) parts.push('', 'Passes:', indent(page.examples.passing));
  return `${parts.join('\n')}\n`;
}
