// The canonical text of a bundle: multi-document YAML in apply order. Its sha256 is the bundle's
// digest (and the HTTP ETag), so the same request always yields the same bytes and digest.
import { createHash } from 'node:crypto';
import type { K8sObject } from '../model/bundle.js';
import { BlockYamlWriter, libraryYaml, type BlockYamlOptions } from './block-yaml.js';

// version 1.1: kubectl reads YAML 1.1, where unquoted on/yes/no/y are booleans, so such strings
// (an env value "on") must be written quoted.
const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false, version: '1.1' } as const;
const WRITER_OPTIONS: BlockYamlOptions = { document: YAML_OPTIONS, toString: YAML_OPTIONS };
/** the same bytes as libraryYaml(object, WRITER_OPTIONS), written faster for plain data */
const writer = new BlockYamlWriter(WRITER_OPTIONS);

export function toYamlDocument(object: unknown): string {
  return writer.write(object) ?? libraryYaml(object, WRITER_OPTIONS);
}

/** Documents separated by `---`, as `kubectl apply -f -` takes them. */
export function toMultiDocumentYaml(objects: readonly K8sObject[]): string {
  return objects.map((o) => `---\n${toYamlDocument(o)}`).join('');
}

export function digestOf(objects: readonly K8sObject[]): string {
  return digestOfYaml(toMultiDocumentYaml(objects));
}

/** The digest of a bundle from its canonical text (toMultiDocumentYaml), when the text is needed anyway. */
export function digestOfYaml(canonicalYaml: string): string {
  return `sha256:${createHash('sha256').update(canonicalYaml).digest('hex')}`;
}
