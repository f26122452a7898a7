// The example requests in examples/ (at the repository root) become the OpenAPI request examples.
// A deployment without that folder simply documents no examples.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** examples/ relative to this file: src/bundles or dist/bundles, two levels below the root. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url));

export interface RequestExample {
  summary: string;
  value: Record<string, unknown>;
}

export function loadRequestExamples(dir = EXAMPLES_DIR): Record<string, RequestExample> {
  if (!existsSync(dir)) return {};
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return Object.fromEntries(
    files.map((file) => {
      const value = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as Record<string, unknown>;
      return [file.replace(/\.json$/, ''), { summary: summaryOf(value), value }];
    }),
  );
}

function summaryOf(request: Record<string, unknown>): string {
  const app = (request.app ?? {}) as { name?: string; workload?: string };
  const helpers = (['sidecars', 'ambassadors', 'adapters'] as const).flatMap((field) =>
    ((request[field] ?? []) as { preset?: string }[]).map((item) => item.preset),
  );
  return `${app.workload ?? 'Deployment'} ${app.name ?? ''}${helpers.length ? ` with ${helpers.join(', ')}` : ''}`;
}
