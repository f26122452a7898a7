// `pod-patterns`: the service's operations as a command, for CI steps and terminals. It computes
// locally with the service's own routes (no server), or, with --server / POD_PATTERNS_URL, sends the
// same requests to a running service through the SDK. Exit codes: 0 fine, 1 error findings, 2
// usage or input error. User errors are one line each, never a stack trace.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  localBackend,
  remoteBackend,
  UnreachableError,
  type Answer,
  type Backend,
  type ValidateOutput,
} from './backends.js';
import {
  formatPatterns,
  formatProblem,
  formatRule,
  formatRules,
  formatValidation,
  isProblem,
  mergeSarif,
  type Report,
} from './output.js';
import { InputError, readRequest, readSource, type RequestSource } from './source.js';

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

interface Io {
  out(text: string | Buffer): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  stdin?: () => string;
}

const GLOBAL_HELP = `pod-patterns: Kubernetes pattern bundles, Helm charts and manifest validation

Usage: pod-patterns <command> [options]

Commands:
  bundle FILE      the bundle for the request in FILE (JSON or YAML; - for stdin)
  chart FILE       the Helm chart of that bundle, as <name>-<version>.tgz
  validate FILE... check manifests with every rule
  patterns         the catalogue of presets
  rules [ID]       the validation rules, or one rule's page

Options of every command:
  --server URL     send the request to a running service (default: POD_PATTERNS_URL, else compute here)
  -h, --help       help for the command

Environment: POD_PATTERNS_URL (a service instead of computing here), POD_PATTERNS_API_KEY (its API key).
Exit codes: 0 done, 1 error findings (validate), 2 usage or input error.
Run "pod-patterns <command> --help" for a command's options.
`;

interface Command {
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  positionals: [min: number, max: number];
  run(backend: Backend, args: string[], values: Record<string, string | boolean | undefined>, io: Io): Promise<number>;
}

const COMMON = { server: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

const COMMANDS: Record<string, Command> = {
  bundle: {
    usage: `Usage: pod-patterns bundle FILE [--output yaml|json]

Writes the bundle for the request in FILE (JSON or YAML; - reads stdin) to stdout: exactly the
bytes the service answers. YAML (multi-document, in apply order) by default.

Options:
  -o, --output yaml|json   the format (default yaml)
  --server URL             use a running service`,
    options: { output: { type: 'string', short: 'o', default: 'yaml' } },
    positionals: [1, 1],
    async run(backend, [path], values, io) {
      const output = oneOf(values.output, ['yaml', 'json'], '--output');
      const request = readRequest(readSource(path, io.stdin));
      return finish(await backend.bundle(request.value, output), request, io, (answer) => io.out(answer.body));
    },
  },
  chart: {
    usage: `Usage: pod-patterns chart FILE [-o DIR]

Writes the Helm chart for the request in FILE (JSON or YAML; - reads stdin) as
DIR/<name>-<version>.tgz: the same bytes the service answers. Prints the file's path.

Options:
  -o, --output-dir DIR     where to write it (default: the current directory)
  --server URL             use a running service`,
    options: { 'output-dir': { type: 'string', short: 'o', default: '.' } },
    positionals: [1, 1],
    async run(backend, [path], values, io) {
      const request = readRequest(readSource(path, io.stdin));
      return finish(await backend.chart(request.value), request, io, (answer) => {
        const name = /filename="([^"/\\]+)"/.exec(answer.disposition ?? '')?.[1];
        if (!name) throw new Error('the chart came without a file name');
        const dir = String(values['output-dir']);
        mkdirSync(dir, { recursive: true });
        const file = join(dir, name);
        writeFileSync(file, answer.body);
        io.out(`${file}\n`);
      });
    },
  },
  validate: {
    usage: `Usage: pod-patterns validate FILE... [--kubernetes-version V] [--pod-security LEVEL] [--output text|json|sarif]

Checks the manifests in each FILE (multi-document YAML or JSON; - reads stdin) with every rule.
Text output is one finding a line: file:line:column: severity rule: message.
Exit code 1 when any error-level finding is found, 0 when none, 2 for a usage or input error.

Options:
  --kubernetes-version V   the Kubernetes version to check against (default: the service's, 1.33)
  --pod-security LEVEL     restricted or baseline: the Pod Security level whose checks are errors
  --output text|json|sarif text (default); json: the report (an array of {file, report} for several
                           files); sarif: one SARIF 2.1.0 log with a result per finding
  --server URL             use a running service`,
    options: {
      'kubernetes-version': { type: 'string' },
      'pod-security': { type: 'string' },
      output: { type: 'string', default: 'text' },
    },
    positionals: [1, Infinity],
    async run(backend, paths, values, io) {
      const output = oneOf(values.output, ['text', 'json', 'sarif'], '--output');
      const query = {
        ...(values['kubernetes-version'] !== undefined
          ? { kubernetesVersion: String(values['kubernetes-version']) }
          : {}),
        ...(values['pod-security'] !== undefined ? { podSecurity: String(values['pod-security']) } : {}),
      };
      const files = paths.map((p) => readSource(p, io.stdin));
      const reports: { file: string; report: Report; sarif?: Record<string, unknown> }[] = [];
      const raw: Buffer[] = [];
      for (const file of files) {
        const wire: ValidateOutput = output === 'sarif' ? 'sarif' : 'json';
        const answer = await backend.validate(
          file.text,
          { ...query, ...(output === 'sarif' ? { source: file.name === '<stdin>' ? 'stdin.yaml' : file.name } : {}) },
          wire,
        );
        if (answer.status !== 200)
          return problemExit(answer, { file, value: undefined, locate: () => undefined }, io, QUERY_OPTIONS);
        const parsed = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
        raw.push(answer.body);
        if (output === 'sarif')
          reports.push({ file: file.name, report: { valid: !hasErrors(parsed), findings: [] }, sarif: parsed });
        else reports.push({ file: file.name, report: parsed as unknown as Report });
      }
      if (output === 'text') io.out(formatValidation(reports));
      else if (output === 'json') io.out(reports.length === 1 ? raw[0] : `${JSON.stringify(reports)}\n`);
      else io.out(reports.length === 1 ? raw[0] : `${JSON.stringify(mergeSarif(reports.map((r) => r.sarif!)))}\n`);
      return reports.every((r) => r.report.valid) ? EXIT.ok : EXIT.findings;
    },
  },
  patterns: {
    usage: `Usage: pod-patterns patterns

Lists the presets (sidecars, ambassadors, adapters) with what each does.

Options:
  --server URL             use a running service`,
    options: {},
    positionals: [0, 0],
    async run(backend, _args, _values, io) {
      const answer = await backend.get('/v1/patterns');
      if (answer.status !== 200) return problemExit(answer, undefined, io);
      io.out(formatPatterns(JSON.parse(answer.body.toString('utf8'))));
      return EXIT.ok;
    },
  },
  rules: {
    usage: `Usage: pod-patterns rules [ID]

Without ID, lists the validation rules (id, severity, title); with ID, shows the rule's page: why it
matters and a failing and a passing example.

Options:
  --server URL             use a running service`,
    options: {},
    positionals: [0, 1],
    async run(backend, [id], _values, io) {
      const answer = await backend.get(id === undefined ? '/v1/rules' : `/v1/rules/${encodeURIComponent(id)}`);
      if (answer.status !== 200) return problemExit(answer, undefined, io);
      const body = JSON.parse(answer.body.toString('utf8'));
      io.out(id === undefined ? formatRules(body) : formatRule(body));
      return EXIT.ok;
    },
  },
};

class UsageError extends Error {}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], option: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
}

function hasErrors(sarif: Record<string, unknown>): boolean {
  const runs = (sarif.runs as { results?: { level?: string }[] }[] | undefined) ?? [];
  return runs.some((run) => (run.results ?? []).some((r) => r.level === 'error'));
}

/** A 2xx answer goes to `write`; a problem is printed against the request file. */
function finish(answer: Answer, request: RequestSource, io: Io, write: (answer: Answer) => void): number {
  if (answer.status < 200 || answer.status >= 300) return problemExit(answer, request, io);
  write(answer);
  return EXIT.ok;
}

/** validate's options by the query parameter the service names in a 400 */
const QUERY_OPTIONS: Record<string, string> = {
  '/kubernetesVersion': '--kubernetes-version',
  '/podSecurity': '--pod-security',
};

function problemExit(
  answer: Answer,
  request: RequestSource | undefined,
  io: Io,
  options: Record<string, string> = {},
): number {
  let body: unknown;
  try {
    body = JSON.parse(answer.body.toString('utf8'));
  } catch {
    body = undefined;
  }
  if (!isProblem(body)) {
    io.err(
      `pod-patterns: error: the service answered ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}\n`,
    );
    return EXIT.usage;
  }
  const errors = body.errors ?? [];
  if (errors.length && errors.every((e) => Object.hasOwn(options, e.pointer))) {
    for (const e of errors) io.err(`pod-patterns: error: ${options[e.pointer]}: ${e.detail}\n`);
    return EXIT.usage;
  }
  io.err(formatProblem(body, request));
  return EXIT.usage;
}

/** Runs the command line `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    (name === undefined ? io.err : io.out)(GLOBAL_HELP);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(
      `pod-patterns: error: unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')}; see pod-patterns --help)\n`,
    );
    return EXIT.usage;
  }
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...COMMON, ...command.options },
      allowPositionals: true,
      strict: true,
    }) as typeof parsed;
  } catch (error) {
    io.err(
      `pod-patterns ${name}: error: ${(error as Error).message.split('\n')[0]}\n${command.usage.split('\n')[0]}\n`,
    );
    return EXIT.usage;
  }
  if (parsed.values.help) {
    io.out(`${command.usage}\n`);
    return EXIT.ok;
  }
  const [min, max] = command.positionals;
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    io.err(
      `pod-patterns ${name}: error: ${parsed.positionals.length < min ? 'missing FILE' : `unexpected argument "${parsed.positionals[max]}"`}\n${command.usage.split('\n')[0]}\n`,
    );
    return EXIT.usage;
  }
  const server = (parsed.values.server as string | undefined) ?? (io.env.POD_PATTERNS_URL || undefined);
  let backend: Backend | undefined;
  try {
    if (server !== undefined && !/^https?:\/\/[^\s/]+/.test(server))
      throw new UsageError(`--server must be an http(s) URL (got ${JSON.stringify(server)})`);
    backend = server ? await remoteBackend(server, io.env.POD_PATTERNS_API_KEY || undefined) : await localBackend();
    return await command.run(backend, parsed.positionals, parsed.values, io);
  } catch (error) {
    if (error instanceof InputError) io.err(`${error.toString()}\n`);
    else if (error instanceof UsageError) io.err(`pod-patterns ${name}: error: ${error.message}\n`);
    else if (error instanceof UnreachableError) io.err(`pod-patterns ${name}: error: ${error.message}\n`);
    else throw error;
    return EXIT.usage;
  } finally {
    await backend?.close();
  }
}
