import { describe, expect, it } from 'vitest';
import { formatProblem, formatValidation, mergeSarif } from './output.js';
import { readRequest } from './source.js';

describe('command output', () => {
  it('prints one finding a line, file:line:column: severity rule: message (file alone without a position)', () => {
    const text = formatValidation([
      {
        file: 'a.yaml',
        report: {
          valid: false,
          findings: [
            { rule: 'pss.privileged', severity: 'error', message: 'no', line: 3, column: 7 },
            { rule: 'ref.exists', severity: 'info', message: 'maybe' },
          ],
        },
      },
    ]);
    expect(text).toBe('a.yaml:3:7: error pss.privileged: no\na.yaml: info ref.exists: maybe\n');
  });

  it('puts each rejected field of a 400 at its line and column in the request file', () => {
    const request = readRequest({
      name: 'req.yaml',
      text: 'app:\n  name: x\n  ports:\n    - name: http\n      containerPort: 70000\n',
    });
    const problem = {
      status: 400,
      title: 'Bad Request',
      detail: '1 field',
      errors: [
        { pointer: '/app/ports/0/containerPort', detail: 'too big' },
        { pointer: '/app/nope', detail: 'unknown' },
      ],
    };
    // a pointer to a field that is not there stops at the deepest one that is (app)
    expect(formatProblem(problem, request)).toBe(
      'req.yaml:5:7: error: /app/ports/0/containerPort: too big\nreq.yaml:1:1: error: /app/nope: unknown\n',
    );
    const json = readRequest({ name: 'req.json', text: '{\n  "app": {\n    "name": 7\n  }\n}\n' });
    expect(formatProblem({ ...problem, errors: [{ pointer: '/app/name', detail: 'must be a string' }] }, json)).toBe(
      'req.json:3:5: error: /app/name: must be a string\n',
    );
  });

  it('merges the SARIF logs of several files into one run, re-indexing artifact locations', () => {
    const log = (uri: string, rule: string) => ({
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'pod-patterns' } },
          artifacts: [{ location: { uri } }],
          results: [
            {
              ruleId: rule,
              locations: [{ physicalLocation: { artifactLocation: { uri, index: 0 }, region: { startLine: 2 } } }],
            },
          ],
        },
      ],
    });
    const merged = mergeSarif([log('a.yaml', 'r1'), log('b.yaml', 'r2')]);
    expect(merged.runs).toHaveLength(1);
    expect(merged.runs[0].artifacts).toEqual([{ location: { uri: 'a.yaml' } }, { location: { uri: 'b.yaml' } }]);
    expect(
      merged.runs[0].results.map((r: any) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation]),
    ).toEqual([
      ['r1', { uri: 'a.yaml', index: 0 }],
      ['r2', { uri: 'b.yaml', index: 1 }],
    ]);
  });
});
