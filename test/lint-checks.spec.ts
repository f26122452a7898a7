// The layering checks of `npm run lint` catch what they are there for: a deep import into a
// package's internals (ESLint, eslint.config.js) and an import cycle, `import type` included (dpdm).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

async function ruleIds(code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, 'src', 'lint-probe.ts') });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('deep imports (ESLint)', () => {
  it('reports a subpath of a package that does not export it, imported or required', async () => {
    const ids = await ruleIds(
      [
        "import { createRequire } from 'node:module';",
        "import type { MetadataStorage } from 'class-transformer/types/MetadataStorage.js';",
        "export const s = createRequire(import.meta.url)('class-transformer/cjs/storage.js') as MetadataStorage;",
        '',
      ].join('\n'),
    );
    expect(ids.sort()).toEqual(['import-x/no-internal-modules', 'no-restricted-syntax']);
  });

  it('accepts package entry points, exported subpaths, package.json and relative imports', async () => {
    const ids = await ruleIds(
      [
        "import { createRequire } from 'node:module';",
        "import { plainToInstance } from 'class-transformer';",
        "import { Pod } from 'kubernetes-models/v1/Pod';",
        "import { InvalidRequestError } from './core/model/errors.js';",
        "export const v = createRequire(import.meta.url)('@redocly/cli/package.json') as unknown;",
        'export { plainToInstance, Pod, InvalidRequestError };',
        '',
      ].join('\n'),
    );
    expect(ids).toEqual([]);
  });
});

describe('import cycles (dpdm, as npm run lint:cycles runs it)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lint-cycles-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function dpdm(files: Record<string, string>): { status: number; output: string } {
    const src = join(dir, `case-${Object.keys(files).join('-').replace(/\W/g, '')}`);
    mkdirSync(src, { recursive: true });
    // dpdm resolves "./x.js" to x.ts the way tsconfig.json says, as the repository's does
    const tsconfig = { compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } };
    writeFileSync(join(src, 'tsconfig.json'), JSON.stringify(tsconfig));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(src, name), text);
    const args = ['--no-tree', '--no-warning', '--no-progress', '--exit-code', 'circular:1', '*.ts'];
    try {
      const output = execFileSync(join(ROOT, 'node_modules', '.bin', 'dpdm'), args, { cwd: src, encoding: 'utf8' });
      return { status: 0, output };
    } catch (error) {
      const e = error as { status: number; stdout: string };
      return { status: e.status, output: e.stdout };
    }
  }

  it('fails on a cycle made only of type imports', () => {
    const run = dpdm({
      'a.ts': "import type { B } from './b.js';\nexport interface A { b?: B }\n",
      'b.ts': "import type { A } from './a.js';\nexport interface B { a?: A }\n",
    });
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/a\.ts -> b\.ts|b\.ts -> a\.ts/);
  });

  it('passes imports that only go one way', () => {
    const run = dpdm({
      'c.ts': "import { d } from './d.js';\nexport const c = d + 1;\n",
      'd.ts': 'export const d = 1;\n',
    });
    expect(run.output).toContain('no circular dependency');
    expect(run.status).toBe(0);
  });
});
