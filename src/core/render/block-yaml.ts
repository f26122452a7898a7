// Block YAML for plain data, byte for byte as the `yaml` library writes it, at a fraction of the
// cost: the library first builds a node tree of the whole value (and walks it once more looking
// for tag directives) before writing it. Here the value is walked once; the layout (block maps
// and sequences, two-space steps, `{}` / `[]` for empty ones) is the library's, and every scalar
// is still written by the library itself (its tag's stringify, stringifyString for strings) with
// the context it would get there. Anything else (class instances, undefined in a list, a key
// longer than 1024 characters, a scalar the library would tag) is left to the library: write()
// returns undefined. Only for lineWidth 0 (no folding), which is what the service writes. Strings
// Go's YAML reader would read differently are double-quoted and escaped (goYamlStringStyle).
import {
  Document,
  visit,
  type CreateNodeOptions,
  type DocumentOptions,
  type SchemaOptions,
  type ToStringOptions,
} from 'yaml';
import { stringifyString, stringTag, type StringifyContext } from 'yaml/util';

type StringStyle = 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED' | 'PLAIN';

interface ScalarTag {
  default?: boolean | 'key';
  tag: string;
  format?: string;
  test?: RegExp;
  identify?: (value: unknown) => boolean;
  stringify?: (
    item: { value: unknown; type?: string },
    ctx: StringifyContext,
    onComment?: () => void,
    onChompKeep?: () => void,
  ) => string;
}

export interface BlockYamlOptions {
  /** the Document options the library would be given (version, schema, ...) */
  document: DocumentOptions & SchemaOptions & CreateNodeOptions;
  /** its toString options; lineWidth must be 0 */
  toString: ToStringOptions;
  /** a string style for some strings (keys included), as a visitor setting Scalar.type would */
  stringStyle?: (value: string) => StringStyle | undefined;
}

/**
 * Strings Go's YAML reader (go-yaml v2, which kubectl and Helm use) reads as something else when
 * written as the library writes them for YAML 1.1: a plain scalar that Go's strconv takes for a
 * number ("0o17", "0x_1f", ".5e3": go-yaml resolves with ParseInt(base 0) after dropping "_", and
 * floats of YAML's form), and any string holding a character Go treats as a line break (NEL,
 * U+2028, U+2029) or refuses as unprintable (DEL, C1 controls, BOM, U+FFFE/U+FFFF). These go in
 * double quotes, where escapeGoUnprintable then spells those characters as escapes.
 */
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)$/;
const GO_YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const GO_UNPRINTABLE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
const GO_UNPRINTABLE_ALL = new RegExp(GO_UNPRINTABLE.source, 'g');

export function goYamlStringStyle(value: string): 'QUOTE_DOUBLE' | undefined {
  if (GO_UNPRINTABLE.test(value)) return 'QUOTE_DOUBLE';
  const first = value.charCodeAt(0);
  // go-yaml only tries numbers for a scalar starting with a digit, a sign or "."
  if (!((first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d || first === 0x2e)) return undefined;
  const plain = value.replace(/_/g, '');
  return GO_INT.test(plain) || GO_YAML_FLOAT.test(plain) ? 'QUOTE_DOUBLE' : undefined;
}

/**
 * Writes the characters of GO_UNPRINTABLE as YAML escapes. The library leaves them raw inside
 * double quotes (and goYamlStringStyle puts every string holding one there), so in a document
 * they only occur inside double-quoted scalars, where an escape means the same character.
 */
export function escapeGoUnprintable(yaml: string): string {
  if (!GO_UNPRINTABLE.test(yaml)) return yaml;
  return yaml.replace(GO_UNPRINTABLE_ALL, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x85) return '\\N';
    if (code === 0x2028) return '\\L';
    if (code === 0x2029) return '\\P';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Thrown inside a walk when the library has to write the value itself. */
const LIBRARY = Symbol('left to the yaml library');
const STEP = '  ';
/** the library writes a longer implicit key as an explicit "? key" */
const MAX_IMPLICIT_KEY = 1024;

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return (
    (proto === Object.prototype || proto === null) &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function' &&
    !(Symbol.iterator in value)
  );
}

/** Scalars at one indent, as keys or as values: the library's context for them, and what it wrote. */
interface Level {
  ctx: StringifyContext;
  /** short strings already written here (the same value in the same context gives the same text) */
  written: Map<string, string>;
}

/** Bounds the memory of the written-strings memo: it is only a cache of short, repeated strings. */
const MEMO_MAX_LENGTH = 128;
const MEMO_MAX_ENTRIES = 8192;

export class BlockYamlWriter {
  private readonly base: StringifyContext;
  private readonly tags: ScalarTag[];
  /** by depth: keys and values of the maps (and items of the lists) at that depth */
  private readonly keyLevels: Level[] = [];
  private readonly valueLevels: Level[] = [];
  private memoEntries = 0;
  private readonly stringStyle?: (value: string) => StringStyle | undefined;

  constructor(options: BlockYamlOptions) {
    const captured = captureContext(options.document, options.toString);
    const doc = new Document(null, options.document);
    // the layouts this writes; other settings are the library's to honour
    const { lineWidth, indentSeq, simpleKeys } = captured.options;
    if (
      lineWidth > 0 ||
      !indentSeq ||
      simpleKeys ||
      captured.indentStep !== STEP ||
      captured.inFlow !== null ||
      options.document.aliasDuplicateObjects !== false ||
      options.document.keepUndefined ||
      doc.schema.sortMapEntries
    ) {
      throw new Error(
        'BlockYamlWriter: unsupported options (it needs lineWidth 0, no aliases, two-space block layout)',
      );
    }
    this.base = { ...captured, doc, indent: '', implicitKey: false, forceBlockIndent: false };
    this.tags = doc.schema.tags as ScalarTag[];
    this.stringStyle = options.stringStyle;
  }

  /** The YAML document (with its final newline), or undefined when the library must write it. */
  write(value: unknown): string | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !isPlainObject(value)) return undefined;
    try {
      return escapeGoUnprintable(`${this.map(value as Record<string, unknown>, 1)}\n`);
    } catch (error) {
      if (error === LIBRARY) return undefined;
      throw error;
    }
  }

  /**
   * A collection whose keys/items sit at `depth` (their scalars are written with `depth` steps of
   * indent, the lines themselves start one step less): block lines, the first one unindented, or
   * `{}` / `[]` when empty.
   */
  private collection(value: object, depth: number): string {
    if (Array.isArray(value)) {
      if (Object.getPrototypeOf(value) !== Array.prototype) throw LIBRARY;
      return this.seq(value, depth);
    }
    if (!isPlainObject(value)) throw LIBRARY;
    return this.map(value as Record<string, unknown>, depth);
  }

  private map(object: Record<string, unknown>, depth: number): string {
    const keys = this.level(this.keyLevels, depth, true);
    const values = this.level(this.valueLevels, depth, false);
    const inner = values.ctx.indent;
    const newline = `\n${inner.slice(STEP.length)}`;
    let out = '';
    for (const key of Object.keys(object)) {
      const value = object[key];
      if (value === undefined) continue; // the library drops undefined members
      const keyText = this.scalar(key, keys);
      if (keyText.length > MAX_IMPLICIT_KEY) throw LIBRARY;
      let valueText: string;
      if (typeof value === 'object' && value !== null) {
        const body = this.collection(value, depth + 1);
        valueText = body === '{}' || body === '[]' ? ` ${body}` : `\n${inner}${body}`;
      } else {
        const text = this.scalar(value, values);
        valueText = text === '' || text[0] === '\n' ? text : ` ${text}`;
      }
      out += out ? `${newline}${keyText}:${valueText}` : `${keyText}:${valueText}`;
    }
    return out || '{}';
  }

  private seq(items: unknown[], depth: number): string {
    const values = this.level(this.valueLevels, depth, false);
    const newline = `\n${values.ctx.indent.slice(STEP.length)}- `;
    let out = '';
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item === undefined) throw LIBRARY; // (written as null by the library, holes too)
      const text =
        typeof item === 'object' && item !== null ? this.collection(item, depth + 1) : this.scalar(item, values);
      out += out ? `${newline}${text}` : `- ${text}`;
    }
    return out || '[]';
  }

  private level(levels: Level[], depth: number, implicitKey: boolean): Level {
    let level = levels[depth];
    if (!level) {
      level = {
        ctx: { ...this.base, indent: STEP.repeat(depth), implicitKey, actualString: true },
        written: new Map(),
      };
      levels[depth] = level;
    }
    return level;
  }

  private scalar(value: unknown, level: Level): string {
    if (typeof value !== 'string' || value.length > MEMO_MAX_LENGTH) return this.written(value, level.ctx);
    let text = level.written.get(value);
    if (text === undefined) {
      text = this.written(value, level.ctx);
      if (++this.memoEntries > MEMO_MAX_ENTRIES) {
        for (const l of [...this.keyLevels, ...this.valueLevels]) l?.written.clear();
        this.memoEntries = 1;
      }
      level.written.set(value, text);
    }
    return text;
  }

  /** A scalar as the library writes it: the tag it would pick (getTagObject), that tag's stringify. */
  private written(value: unknown, ctx: StringifyContext): string {
    let match: ScalarTag[] = [];
    for (const tag of this.tags) if (tag.identify?.(value)) match.push(tag);
    if (match.length > 1) {
      const tested = match.filter((t) => t.test);
      if (tested.length) match = tested;
    }
    const tag = match.find((t) => t.format === undefined) ?? match.find((t) => !t.format);
    // no tag: not plain data; a non-default tag would be written out (!!tag)
    if (!tag || tag.default !== true) throw LIBRARY;
    const type = typeof value === 'string' ? (this.stringStyle?.(value) ?? goYamlStringStyle(value)) : undefined;
    const item = (type ? { value, type } : { value }) as { value: string };
    // the string tag's stringify is stringifyString with actualString, which every context here carries
    if (tag === stringTag || !tag.stringify) return stringifyString(item, ctx);
    return tag.stringify(item, ctx);
  }
}

/**
 * What BlockYamlWriter writes, by the library itself (for values the writer leaves to it): the same
 * string styles (the given ones, then goYamlStringStyle) and the same escapes.
 */
export function libraryYaml(value: unknown, options: BlockYamlOptions): string {
  const doc = new Document(value, options.document);
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value !== 'string') return;
      const type = options.stringStyle?.(node.value) ?? goYamlStringStyle(node.value);
      if (type) node.type = type;
    },
  });
  return escapeGoUnprintable(doc.toString(options.toString));
}

/** The context the library builds for a document written with these options (captured by a tag). */
function captureContext(document: BlockYamlOptions['document'], toString: ToStringOptions): StringifyContext {
  let captured: StringifyContext | undefined;
  const probe = new Document(null, {
    ...document,
    customTags: [
      {
        tag: '!context',
        identify: () => false,
        resolve: (s: string) => s,
        stringify: (_item, ctx) => ((captured = ctx), ''),
      },
    ],
  });
  const node = probe.createNode('');
  node.tag = '!context';
  probe.contents = node;
  probe.toString(toString);
  if (!captured) throw new Error('yaml did not call the probe tag');
  return captured;
}
