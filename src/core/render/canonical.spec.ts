import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { digestOf, toMultiDocumentYaml } from './canonical.js';

const objects = [
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'a' } },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'a-logs' },
    data: { 'x.conf': 'line 1\nline 2\n', y: '{{ .Release.Name }}' },
  },
];

describe('canonical YAML', () => {
  it('round-trips every document in order', () => {
    const docs = parseAllDocuments(toMultiDocumentYaml(objects)).map((d) => d.toJS());
    expect(docs).toEqual(objects);
  });

  it('keeps shared sub-objects as plain copies, not YAML anchors', () => {
    const shared = { app: 'x' };
    const text = toMultiDocumentYaml([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', labels: shared, annotations: shared } },
    ]);
    expect(text).not.toMatch(/[&*]a\d/);
  });

  it('gives a digest that follows the content', () => {
    expect(digestOf(objects)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(digestOf(objects)).toBe(digestOf(structuredClone(objects)));
    expect(digestOf(objects)).not.toBe(digestOf(objects.slice(1)));
  });

  it('is the sha256 of the exact YAML text, every document in it (YAML 1.1: the key y is quoted)', () => {
    const text =
      '---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a-logs\ndata:\n  x.conf: |\n    line 1\n    line 2\n  "y": "{{ .Release.Name }}"\n';
    expect(toMultiDocumentYaml(objects)).toBe(text);
    expect(digestOf(objects)).toBe(`sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`);
  });
});
