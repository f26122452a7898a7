// A request body sent as YAML: one document holding the same object as the JSON body, read as
// kubectl reads YAML (parse-manifests' options), under the validation endpoint's limits (nesting,
// aliases; the size limit is the HTTP layer's). Duplicate keys are refused, not resolved.
// Every error and every later field error can name its line and column.
import { Composer, isMap, isScalar, isSeq, LineCounter, Parser, type Node } from 'yaml';
import { duplicateKeyDetail } from '../model/duplicate-keys.js';
import { InvalidRequestError, type FieldError } from '../model/errors.js';
import type { SourcePosition } from '../rules/rule.js';
import {
  DEFAULT_LIMITS,
  nodeAt,
  position,
  refuseDeepFlow,
  scanTree,
  YAML_OPTIONS,
  type ParseLimits,
} from './parse-manifests.js';

export interface YamlRequest {
  value: Record<string, unknown>;
  /** the line and column of the field a JSON Pointer names (or of its deepest existing parent) */
  locate(pointer: string): SourcePosition | undefined;
}

export function parseYamlRequest(text: string, limits: ParseLimits = DEFAULT_LIMITS): YamlRequest {
  refuseDeepFlow(text, limits);
  const lines = new LineCounter();
  const at = (offset: number | undefined) => position(lines, offset ?? 0);
  const refuse = (offset: number | undefined, detail: string, pointer = ''): never => {
    const { line, column } = at(offset);
    throw new InvalidRequestError([{ pointer, detail: `line ${line}, column ${column}: ${detail}`, line, column }]);
  };
  // composing stops at the second document with content: a stream of many costs no more than two
  const withContent = [];
  for (const d of new Composer(YAML_OPTIONS).compose(new Parser(lines.addNewLine).parse(text), true)) {
    if (d.errors.length || !isEmpty(d.contents as Node | null)) withContent.push(d);
    if (withContent.length > 1 || d.errors.length) break;
  }
  if (!withContent.length)
    throw new InvalidRequestError([
      { pointer: '', detail: 'the body is empty; send the request object as one YAML document' },
    ]);
  const doc = withContent[0]!;
  if (doc.errors.length) {
    const errors: FieldError[] = doc.errors.slice(0, 10).map((e) => {
      const { line, column } = at(e.pos[0]);
      const message = /call stack/i.test(e.message)
        ? `nesting deeper than ${limits.maxDepth} levels`
        : e.message.split('\n')[0];
      return {
        pointer: '',
        detail: `the body is not valid YAML: line ${line}, column ${column}: ${message}`,
        line,
        column,
      };
    });
    throw new InvalidRequestError(errors);
  }
  if (withContent.length > 1)
    refuse(
      withContent[1]!.range[0],
      'a second YAML document; the body must be one document holding the request object',
    );
  const root = doc.contents as Node;
  if (!isMap(root))
    refuse(
      root.range?.[0],
      `the body must be a mapping (the request object), not a ${isSeq(root) ? 'sequence' : 'scalar'}`,
    );
  const scan: Parameters<typeof scanTree>[4] = { duplicates: [], members: 0 };
  scanTree(root, '', 0, limits, scan);
  if (scan.tooDeep) refuse(scan.tooDeep.range?.[0], `nesting deeper than ${limits.maxDepth} levels`);
  if (scan.duplicates.length) {
    throw new InvalidRequestError(
      scan.duplicates.slice(0, 10).map((d) => {
        const { line, column } = at(d.node.range?.[0]);
        return {
          pointer: d.path,
          detail: `line ${line}, column ${column}: ${duplicateKeyDetail(d.path)}`,
          line,
          column,
        };
      }),
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (err) {
    throw new InvalidRequestError([
      {
        pointer: '',
        detail: `${(err as Error).message} (aliases are limited to ${limits.maxAliasCount} per document)`,
      },
    ]);
  }
  return {
    value: value as Record<string, unknown>,
    locate: (pointer) => {
      const node = nodeAt(doc, root, pointer);
      return node?.range ? at(node.range[0]) : undefined;
    },
  };
}

function isEmpty(node: Node | null): boolean {
  return node === null || node === undefined || (isScalar(node) && (node.value === null || node.value === undefined));
}
