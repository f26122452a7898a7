// Input files of the command: a request (JSON or YAML, `-` for stdin) read into the value the
// service would receive, and the line and column of a JSON Pointer into it, so that a 400's
// pointers are shown where the user wrote the field.
import { readFileSync } from 'node:fs';
import { isDocument, LineCounter, parseDocument, type Document } from 'yaml';
import { nodeAt, position } from '../core/validate/parse-manifests.js';

/** A file the user named: its display name and text. */
export interface SourceFile {
  name: string;
  text: string;
}

/** A problem with the user's input, shown as `file[:line:column]: error: message`; exit code 2. */
export class InputError extends Error {
  constructor(
    readonly file: string | undefined,
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }

  override toString(): string {
    return `${locationOf(this.file ?? 'pod-patterns', this.line, this.column)}: error: ${this.message}`;
  }
}

export function locationOf(file: string, line?: number, column?: number): string {
  return line ? `${file}:${line}:${column ?? 1}` : file;
}

export function readSource(path: string, stdin: () => string = () => readFileSync(0, 'utf8')): SourceFile {
  if (path === '-') return { name: '<stdin>', text: stdin() };
  try {
    return { name: path, text: readFileSync(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      path,
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : `cannot read it (${code ?? String(error)})`,
    );
  }
}

/** A request file as a value plus a way to find where a pointer into it was written. */
export interface RequestSource {
  file: SourceFile;
  value: unknown;
  locate(pointer: string): { line: number; column: number } | undefined;
}

/**
 * JSON is read as JSON (the bytes the service would parse); anything else as YAML. Both are also
 * read as a YAML document, which gives every node its position (JSON is YAML).
 */
export function readRequest(file: SourceFile): RequestSource {
  const lines = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const looksLikeJson = /^\s*[{[]/.test(file.text);
  let value: unknown;
  if (looksLikeJson) {
    try {
      value = JSON.parse(file.text);
    } catch (error) {
      const at = /position (\d+)/.exec(String((error as Error).message));
      const where = at
        ? position(lines, Number(at[1]))
        : doc.errors[0]
          ? position(lines, doc.errors[0].pos[0])
          : undefined;
      throw new InputError(
        file.name,
        `not valid JSON: ${(error as Error).message.replace(/ in JSON at position \d+.*$/s, '')}`,
        where?.line,
        where?.column,
      );
    }
  } else {
    if (doc.errors.length) {
      const first = doc.errors[0];
      const where = position(lines, first.pos[0]);
      throw new InputError(file.name, `not valid YAML: ${first.message.split('\n')[0]}`, where.line, where.column);
    }
    value = doc.toJS();
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new InputError(file.name, 'the request must be an object with an "app" field');
  return { file, value, locate: (pointer) => locate(doc, lines, pointer) };
}

function locate(doc: Document, lines: LineCounter, pointer: string): { line: number; column: number } | undefined {
  if (!isDocument(doc) || doc.errors.length) return undefined;
  const node = nodeAt(doc, doc.contents, pointer);
  return node?.range ? position(lines, node.range[0]) : undefined;
}
