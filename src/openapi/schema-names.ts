// Component names as generated clients see them. The classes keep their names (a DTO is a DTO in
// this code base); the document names each shape once, without the framework's `Dto` suffix, and
// never with a word that a common target language reserves (a generator would rename or refuse it).
import { isDeepStrictEqual } from 'node:util';
import type { OpenAPIObject } from '@nestjs/swagger';
import { retargetRefs } from '../core/model/json-schema.js';

const PREFIX = '#/components/schemas/';

/**
 * Names that the suffix rule does not give: classes that are the same shape under two names (the
 * custom sidecar's env vars take the app's shape; only when the one-of rule is checked differs), and
 * Kubernetes' own name where the short one is a reserved word (`exec` in Python and Ruby).
 */
const NAMES: Record<string, string> = {
  CustomEnvSource: 'EnvVarSource',
  CustomEnvVar: 'EnvVar',
  Exec: 'ExecAction',
};

/**
 * Reserved words and built-in type names of the languages clients are most often generated for
 * (TypeScript/JavaScript, Python, Java, Go, C#, Ruby, PHP, Swift, Kotlin), compared case-insensitively
 * because generators capitalise model names.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(
  (
    'abstract and any array as assert async await base bool boolean break byte case catch char chan class const continue date ' +
    'debugger decimal def default defer del delegate delete do double elif else ensure enum error event except exec explicit export ' +
    'extends extern false file final finally fixed float for foreach from func function global go goto if implements implicit import ' +
    'in instanceof int interface internal is lambda let list lock long map module namespace native new nil none nonlocal not null ' +
    'number object operator or out override package pass print private protected public raise readonly record ref repeat rescue ' +
    'retry return sealed select self set short static string struct super switch symbol synchronized this throw throws transient ' +
    'true try type typeof uint undefined unless unsafe until use using var virtual void volatile when where while with yield'
  ).split(' '),
);

/** The component name of a class. */
export function schemaName(className: string): string {
  return NAMES[className] ?? className.replace(/Dto$/, '');
}

/**
 * Renames every component (and every `$ref` and discriminator mapping to it) by schemaName(). Two
 * classes may share a name only when their schemas are the same; a name that is reserved fails.
 */
export function renameSchemas(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  const renamed: Record<string, unknown> = {};
  const from: Record<string, string> = {};
  for (const [className, schema] of Object.entries(schemas)) {
    const name = schemaName(className);
    if (RESERVED_NAMES.has(name.toLowerCase()))
      throw new Error(
        `OpenAPI: schema ${className} would be named ${name}, a reserved word; give it a name in src/openapi/schema-names.ts`,
      );
    const fixed = retarget(schema);
    if (name in renamed && !isDeepStrictEqual(renamed[name], fixed)) {
      throw new Error(
        `OpenAPI: ${from[name]} and ${className} are both named ${name} but their schemas differ; make them one shape or give one another name in src/openapi/schema-names.ts`,
      );
    }
    renamed[name] = fixed;
    from[name] ??= className;
  }
  document.components = {
    ...document.components,
    schemas: Object.fromEntries(
      Object.keys(renamed)
        .sort()
        .map((name) => [name, renamed[name]]),
    ) as never,
  };
  document.paths = retarget(document.paths) as OpenAPIObject['paths'];
}

/** A copy of `node` whose references (`$ref`s and discriminator mappings) use the new names. */
function retarget(node: unknown): unknown {
  return retargetRefs(
    node,
    (ref) => (ref.startsWith(PREFIX) ? PREFIX + schemaName(ref.slice(PREFIX.length)) : ref),
    true,
  );
}
