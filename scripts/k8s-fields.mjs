// The field catalogue of the Kubernetes kinds, read from TypeScript declarations with the
// TypeScript compiler: for each object type, its fields and what each holds.
//
//   node scripts/k8s-fields.mjs   rewrites src/core/rules/k8s-fields.json from the declarations
//                                 that kubernetes-models ships (the same OpenAPI definitions its
//                                 compiled schemas come from, before its generator dropped fields)
//
// The schema-completeness test walks the kubernetes-types declarations with the same code.
// A field holds: "string" | "number" | "boolean" | "any" (a scalar, or anything), "#Type" (an object
// of a catalogued type), "[x]" (a list of x) or "{x}" (a map of x).
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Every .d.ts file below a folder. */
export function declarationFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : declarationFiles(path);
    return name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * Walks the exported interfaces of the files that declare a literal apiVersion and kind.
 * Returns { kinds: { "apiVersion/kind": "#Type" }, types: { Type: { field: holds } } }.
 * `typeName` names a type from its symbol and declaring file (names must be unique).
 */
export function walkKinds(files, typeName) {
  const program = ts.createProgram(files, { noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const types = {};
  const kinds = {};

  const literal = (symbol) => {
    const t = checker.getNonNullableType(checker.getTypeOfSymbol(symbol));
    return t.isStringLiteral() ? t.value : undefined;
  };

  const named = new Map(); // ts.Type -> its name in the catalogue

  /** What a value of the type holds; `hint` names an anonymous object type (its owner and field). */
  function holds(type, hint) {
    type = checker.getNonNullableType(type);
    if (type.isUnion()) {
      const parts = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
      if (parts.every((t) => t.flags & ts.TypeFlags.StringLike)) return 'string';
      if (parts.every((t) => t.flags & ts.TypeFlags.NumberLike)) return 'number';
      if (parts.every((t) => t.flags & ts.TypeFlags.BooleanLike)) return 'boolean';
      if (parts.length === 1) return holds(parts[0], hint);
      return 'any';
    }
    if (type.flags & ts.TypeFlags.StringLike) return 'string';
    if (type.flags & ts.TypeFlags.NumberLike) return 'number';
    if (type.flags & ts.TypeFlags.BooleanLike) return 'boolean';
    if (checker.isArrayType(type)) return `[${holds(checker.getTypeArguments(type)[0], hint)}]`;
    if (type.flags & ts.TypeFlags.Object) {
      const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
      const props = checker.getPropertiesOfType(type);
      if (index && !props.length) return `{${holds(index.type, hint)}}`;
      if (props.length) return `#${objectType(type, hint)}`;
    }
    return 'any';
  }

  function objectType(type, hint) {
    const known = named.get(type);
    if (known) return known;
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const symbolName = symbol?.getName();
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName ?? '';
    let name = symbolName && !symbolName.startsWith('__') ? typeName(symbolName, file) : hint;
    for (let n = 2; Object.hasOwn(types, name); n++) name = `${name.replace(/~\d+$/, '')}~${n}`;
    named.set(type, name);
    types[name] = {};
    const fields = {};
    for (const prop of checker.getPropertiesOfType(type))
      fields[prop.getName()] = holds(checker.getTypeOfSymbol(prop), `${name}.${prop.getName()}`);
    types[name] = Object.fromEntries(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)));
    return name;
  }

  for (const file of files) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) continue;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      if (!(exported.flags & ts.SymbolFlags.Interface)) continue;
      const type = checker.getDeclaredTypeOfSymbol(exported);
      const apiVersion = type.getProperty('apiVersion');
      const kind = type.getProperty('kind');
      const av = apiVersion && literal(apiVersion);
      const k = kind && literal(kind);
      if (av && k && !k.endsWith('List')) kinds[`${av}/${k}`] = `#${objectType(type, `${av}/${k}`)}`;
    }
  }
  const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  return { kinds: sorted(kinds), types: sorted(types) };
}

/** kubernetes-models names its types IIoK8s...; a kind's own interface is I<Kind> in <group>/<version>/<Kind>.d.ts. */
export function kubernetesModelsTypeName(name, file) {
  if (/^IIo/.test(name)) return name.slice(1);
  const where = /kubernetes-models\/(.+)\.d\.ts$/.exec(file)?.[1] ?? file;
  const own = name === `I${where.split('/').pop()}`; // IPodSpec in v1/PodSpec.d.ts
  return `${where.replace(/\//g, '.')}${own ? '' : `.${name}`}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const models = join(root, 'node_modules', 'kubernetes-models');
  const apimachinery = join(root, 'node_modules', '@kubernetes-models', 'apimachinery');
  const files = declarationFiles(models).filter((f) => !f.includes('_schemas') && !f.endsWith('index.d.ts'));
  const catalogue = walkKinds([...files, ...declarationFiles(apimachinery)], kubernetesModelsTypeName);
  const version = (await import(join(models, 'package.json'), { with: { type: 'json' } })).default.version;
  const out = {
    source: `kubernetes-models ${version} TypeScript declarations (generated from the Kubernetes OpenAPI definitions)`,
    ...catalogue,
  };
  writeFileSync(join(root, 'src', 'core', 'rules', 'k8s-fields.json'), `${JSON.stringify(out)}\n`);
  console.log(`${Object.keys(out.kinds).length} kinds, ${Object.keys(out.types).length} types`);
}
