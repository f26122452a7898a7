import { describe, expect, it } from 'vitest';
import type { Rule } from '../rules/rule.js';
import { SARIF_SCHEMA, toSarif } from './sarif.js';
import type { ValidationReport } from './validate-bundle.js';

const rule = (id: string, severity: Rule['severity'], seeAlso?: string[]): Rule =>
  ({
    id,
    layer: 'metadata',
    severity,
    title: `title of ${id}`,
    rationale: `why ${id}`,
    ...(seeAlso ? { seeAlso } : {}),
    check: () => [],
  }) as unknown as Rule;

const rules = [rule('meta.labels', 'error', ['kubectl --dry-run=server']), rule('a/b c', 'info', [])];

const report: ValidationReport = {
  valid: false,
  profile: 'restricted:v1.33',
  summary: { objects: 2, errors: 1, warnings: 1, info: 1 },
  findings: [
    {
      rule: 'meta.labels',
      severity: 'error',
      message: 'label key "bad key": name part',
      resource: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'c', index: 0 },
      path: '/metadata/labels/bad key',
      field: 'metadata.labels.bad key',
      line: 5,
      column: 4,
    },
    {
      rule: 'a/b c',
      severity: 'info',
      message: 'no name, a line without a column',
      resource: { apiVersion: 'v1', kind: 'Pod', index: 1 },
      path: '',
      field: '',
      line: 9,
    },
    // a notice of the report's cut: no resource, no path, no field, a rule the driver does not list
    { rule: 'unlisted.rule', severity: 'warning', message: 'and 3 more findings' },
  ],
};

const options = {
  rulesBaseUri: 'https://pp.example/v1/rules/',
  artifactUri: 'deploy/bundle.yaml',
  toolVersion: '1.2.3',
};

describe('toSarif', () => {
  it('writes one run: the driver with every rule, one result per finding with its region and names', () => {
    const artifactLocation = { uri: 'deploy/bundle.yaml', index: 0 };
    expect(toSarif(report, rules, options)).toEqual({
      $schema: SARIF_SCHEMA,
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'pod-patterns',
              version: '1.2.3',
              informationUri: 'https://pp.example/v1/rules/',
              rules: [
                {
                  id: 'meta.labels',
                  shortDescription: { text: 'title of meta.labels' },
                  fullDescription: { text: 'why meta.labels' },
                  helpUri: 'https://pp.example/v1/rules/meta.labels',
                  defaultConfiguration: { level: 'error' },
                  properties: { layer: 'metadata', seeAlso: ['kubectl --dry-run=server'] },
                },
                {
                  id: 'a/b c',
                  shortDescription: { text: 'title of a/b c' },
                  fullDescription: { text: 'why a/b c' },
                  // the id is one path segment of the page's address
                  helpUri: 'https://pp.example/v1/rules/a%2Fb%20c',
                  defaultConfiguration: { level: 'note' },
                  properties: { layer: 'metadata' },
                },
              ],
            },
          },
          columnKind: 'unicodeCodePoints',
          artifacts: [{ location: { uri: 'deploy/bundle.yaml' } }],
          results: [
            {
              ruleId: 'meta.labels',
              ruleIndex: 0,
              level: 'error',
              message: { text: 'label key "bad key": name part' },
              locations: [
                {
                  physicalLocation: { artifactLocation, region: { startLine: 5, startColumn: 4 } },
                  logicalLocations: [
                    { fullyQualifiedName: 'ConfigMap/shop/c:metadata.labels.bad key', kind: 'object' },
                  ],
                },
              ],
              properties: {
                resource: report.findings[0].resource,
                path: '/metadata/labels/bad key',
                field: 'metadata.labels.bad key',
              },
            },
            {
              ruleId: 'a/b c',
              ruleIndex: 1,
              level: 'note',
              message: { text: 'no name, a line without a column' },
              locations: [
                {
                  physicalLocation: { artifactLocation, region: { startLine: 9 } },
                  // no name: the object's place in the bundle; an empty field adds nothing
                  logicalLocations: [{ fullyQualifiedName: 'Pod/#1', kind: 'object' }],
                },
              ],
              properties: { resource: report.findings[1].resource, path: '', field: '' },
            },
            {
              ruleId: 'unlisted.rule',
              level: 'warning',
              message: { text: 'and 3 more findings' },
              locations: [
                {
                  physicalLocation: { artifactLocation },
                  logicalLocations: [{ fullyQualifiedName: '', kind: 'object' }],
                },
              ],
              properties: {},
            },
          ],
          properties: {
            profile: 'restricted:v1.33',
            valid: false,
            summary: { objects: 2, errors: 1, warnings: 1, info: 1 },
          },
        },
      ],
    });
  });

  it('names a finding without a resource by its field', () => {
    const [result] = (
      toSarif(
        { ...report, findings: [{ rule: 'x', severity: 'warning', message: 'm', path: '/a', field: 'a' }] },
        [],
        options,
      ) as { runs: { results: { locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[] }
    ).runs[0].results;
    expect(result.locations[0].logicalLocations[0].fullyQualifiedName).toBe('a');
  });
});
