// Every value of a generated chart is documented: values.schema.json describes each property (its
// Kubernetes definitions included), and the README's parameter table gives each row a description.
import { describe, expect, it } from 'vitest';
import { examplesIn, REPO_EXAMPLES_DIR } from '../support/app.js';
import { undocumentedProperties } from '../support/schema-docs.js';
import { buildChart } from '../support/validated.js';

const charts = examplesIn(REPO_EXAMPLES_DIR).map(({ file, body }) => ({ file, chart: buildChart(body as never) }));

/** Cells of a Markdown table row, split on the pipes that are not escaped. */
const cells = (row: string) =>
  row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

describe('a generated chart documents every value', () => {
  it('has examples to check', () => {
    expect(charts.length).toBeGreaterThanOrEqual(5);
  });

  it.each(charts.map((c) => [c.file, c.chart] as const))(
    '%s: values.schema.json describes every property',
    (_, chart) => {
      const { visited, missing } = undocumentedProperties(JSON.parse(chart.files['values.schema.json']!));
      expect(missing).toEqual([]);
      // the top-level values, the helper blocks and the Kubernetes definitions: hundreds
      expect(visited).toBeGreaterThan(300);
    },
  );

  it.each(charts.map((c) => [c.file, c.chart] as const))(
    '%s: the README describes every parameter it lists',
    (_, chart) => {
      const rows = chart.files['README.md']!.split('\n').filter((l) => l.startsWith('| `'));
      expect(rows.length).toBeGreaterThan(50);
      const bare = rows.filter((r) => cells(r).at(-1) === '').map((r) => cells(r)[0]);
      expect(bare).toEqual([]);
    },
  );
});
