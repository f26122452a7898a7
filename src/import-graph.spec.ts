// The import graph of src: no cycle (type-only imports included), the core's layers only import
// downwards, and no module reaches into a package's internals but the one documented place.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC);
const imports = new Map(
  files.map((file) => [
    file,
    ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName),
  ]),
);
const local = (file: string, specifier: string) => resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
const edges = new Map(
  [...imports].map(([file, specs]) => [
    file,
    specs
      .filter((s) => s.startsWith('.'))
      .map((s) => local(file, s))
      .filter((t) => imports.has(t)),
  ]),
);
const name = (file: string) => relative(SRC, file);

/** Cycles as lists of files (Tarjan's strongly connected components of more than one file, or a self-import). */
function cycles(): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const visit = (v: string) => {
    order.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v)!) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) === order.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        component.push(name(w));
      } while (w !== v);
      if (component.length > 1 || edges.get(v)!.includes(v)) found.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!order.has(v)) visit(v);
  return found;
}

// The core's layers, lowest first: a module may import from its own layer and those below.
const LAYERS = [
  'core/model',
  'core/request',
  'core/rules',
  'core/compose',
  'core/presets',
  'core/input',
  'core/generate',
  'core/render',
  'core/validate',
];
const layerOf = (file: string) => LAYERS.findIndex((l) => name(file) === l || name(file).startsWith(`${l}/`));

describe('import graph of src', () => {
  it('has no import cycle', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(cycles()).toEqual([]);
  });

  it('core layers import only their own layer and those below (model < request < rules < compose < presets < input < generate < render < validate)', () => {
    const upward: string[] = [];
    for (const [file, targets] of edges) {
      const from = layerOf(file);
      if (from < 0) continue;
      for (const target of targets) if (layerOf(target) > from) upward.push(`${name(file)} -> ${name(target)}`);
    }
    expect(upward).toEqual([]);
  });

  it("the core imports no framework and the shell's files only through the core", () => {
    const wrong = [...imports].flatMap(([file, specs]) =>
      layerOf(file) < 0
        ? []
        : specs
            .filter((s) => s.startsWith('@nestjs/') || (s.startsWith('.') && layerOf(local(file, s)) < 0))
            .map((s) => `${name(file)}: ${s}`),
    );
    expect(wrong).toEqual([]);
  });

  it("reaches into no package's internals", () => {
    const internal = /^(@[^/]+\/)?[^./@][^/]*\/(.*\/)?(cjs|esm|esm5|esm2015|dist|lib|build|src|internal|types)(\/|$)/;
    // import declarations, and any module name in quotes (createRequire(...)('pkg/...') is not one)
    const quoted = (file: string) =>
      [...readFileSync(file, 'utf8').matchAll(/'((?:@[\w-]+\/)?[\w-]+\/[^'\s]+)'/g)].map((m) => m[1]);
    const deep = [...imports].flatMap(([file, specs]) =>
      [...new Set([...specs, ...quoted(file)])].filter((s) => internal.test(s)).map((s) => `${name(file)}: ${s}`),
    );
    expect(deep.sort()).toEqual([]);
  });
});
