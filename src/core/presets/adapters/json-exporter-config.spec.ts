import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../model/errors.js';
import type { PresetItem } from '../../model/request.js';
import { composeBundle } from '../../../../test/support/validated.js';
import { checkJsonPaths, jsonExporterConfig, type JsonExporterMetric } from './json-exporter-config.js';

function errors(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    if (err instanceof InvalidRequestError) return err.errors;
    throw err;
  }
  throw new Error('expected an InvalidRequestError');
}

const compose = (metrics: unknown[]) =>
  composeBundle({
    app: { name: 'shop', image: 'ghcr.io/acme/shop:2.0.1', ports: [{ name: 'http', containerPort: 8080 }] },
    adapters: [
      {
        preset: 'prometheus-exporter',
        name: 'm',
        source: 'json',
        port: 'http',
        statusPath: '/s',
        metrics,
      } as PresetItem,
    ],
    target: { kubernetesVersion: '1.33' },
  });

describe("json_exporter's config", () => {
  it('writes one module with each metric, its help defaulting to its name, braces around a bare path', () => {
    const metrics = [
      { name: 'a', path: '.a' },
      { name: 'b', path: '{.b}', help: 'B', type: 'counter', labels: { z: '1', y: '{.y}' } },
      { name: 'c', path: '$.c', labels: {} },
    ] as JsonExporterMetric[];
    expect(jsonExporterConfig(metrics)).toBe(
      [
        'modules:',
        '  default:',
        '    metrics:',
        '      - name: a',
        '        path: "{ .a }"',
        '        help: a',
        '      - name: b',
        '        path: "{.b}"',
        '        help: B',
        '        valuetype: counter',
        '        labels:',
        '          y: "{.y}"',
        '          z: "1"',
        '      - name: c',
        '        path: "{ $.c }"',
        '        help: c',
        '',
      ].join('\n'),
    );
  });

  it('names every bad path and label template, with the parser reason', () => {
    const metrics = [
      { name: 'a', path: '.a[0', labels: { ok: 'x', bad: '{.b' } },
      { name: 'b', path: '{.b}' },
      { name: 'c', path: '{~}' },
    ] as JsonExporterMetric[];
    expect(errors(() => checkJsonPaths(metrics, '/p'))).toEqual([
      { pointer: '/p/0/path', detail: 'json_exporter cannot read this JSONPath: unterminated array: a "[" has no "]"' },
      {
        pointer: '/p/0/labels/bad',
        detail: 'json_exporter cannot read this label template: unclosed action: a "{" has no "}"',
      },
      {
        pointer: '/p/2/path',
        detail: 'json_exporter cannot read this JSONPath: unrecognized character in action: "~"',
      },
    ]);
    expect(() =>
      checkJsonPaths([{ name: 'a', path: '.a', labels: { x: 'plain' } }] as JsonExporterMetric[], '/p'),
    ).not.toThrow();
  });

  it.each([
    ['a label name the grammar refuses', { 'bad-name': 'x' }],
    ['a label name starting with __', { __x: 'x' }],
    ['a value that is no string', { x: 1 }],
    ['a value on two lines', { x: 'a\nb' }],
    ['a value with a carriage return', { x: 'a\rb' }],
    ['a list', ['x']],
    ['a string', 'x'],
  ])('refuses labels with %s', (_, labels) => {
    expect(errors(() => compose([{ name: 'a', path: '.a', labels }]))).toEqual([
      {
        pointer: '/adapters/0/metrics/0/labels',
        detail:
          'labels must map Prometheus label names ([a-zA-Z_][a-zA-Z0-9_]*, not starting with "__") to single-line strings',
      },
    ]);
  });

  it('takes labels with one underscore first, digits after the first character and empty values', () => {
    expect(() => compose([{ name: 'a', path: '.a', labels: { _x: 'a', x1: '', X_y: '{.y}' } }])).not.toThrow();
  });
});
