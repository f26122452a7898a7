// A validation report as SARIF 2.1.0, so code review tools show each finding in place: one run,
// every rule in the driver (with its page as helpUri), one result per finding with its region.
import type { Finding, Severity } from '../model/finding.js';
import type { Rule } from '../rules/rule.js';
import type { ValidationReport } from './validate-bundle.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifOptions {
  /** absolute base of rule pages, e.g. https://pod-patterns.example.com/v1/rules/ */
  rulesBaseUri: string;
  /** the validated file as the caller knows it (a repository path), for artifactLocation */
  artifactUri: string;
  toolVersion: string;
}

function logicalName(f: Finding): string {
  const r = f.resource;
  if (!r) return f.field ?? '';
  const object = `${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name ?? `#${r.index}`}`;
  return f.field ? `${object}:${f.field}` : object;
}

export function toSarif(
  report: ValidationReport,
  rules: readonly Rule[],
  options: SarifOptions,
): Record<string, unknown> {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'pod-patterns',
            version: options.toolVersion,
            informationUri: options.rulesBaseUri,
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.title },
              fullDescription: { text: r.rationale },
              helpUri: `${options.rulesBaseUri}${encodeURIComponent(r.id)}`,
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { layer: r.layer, ...(r.seeAlso?.length ? { seeAlso: r.seeAlso } : {}) },
            })),
          },
        },
        columnKind: 'unicodeCodePoints',
        artifacts: [{ location: { uri: options.artifactUri } }],
        results: report.findings.map((f) => ({
          ruleId: f.rule,
          ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: options.artifactUri, index: 0 },
                ...(f.line ? { region: { startLine: f.line, ...(f.column ? { startColumn: f.column } : {}) } } : {}),
              },
              logicalLocations: [{ fullyQualifiedName: logicalName(f), kind: 'object' }],
            },
          ],
          properties: {
            ...(f.resource ? { resource: f.resource } : {}),
            ...(f.path !== undefined ? { path: f.path } : {}),
            ...(f.field !== undefined ? { field: f.field } : {}),
          },
        })),
        properties: { profile: report.profile, valid: report.valid, summary: report.summary },
      },
    ],
  };
}
