// `npm run mutation:report`: the mutation score of every folder of src/core, read from the latest
// verdict of each mutant in reports/stryker-incremental.json, and the survivors of the folders whose
// every surviving mutant must be killed or judged equivalent (presets/, compose/, render/). A survivor
// is judged in reports/mutation-equivalents.yaml, by file, place, mutator and replacement, with the
// reason no input can tell it from the code. Exits 1 when such a survivor has no verdict there, or when
// a verdict there matches no survivor (the code moved or a test now kills it: the list is kept exact).
// A verdict is either `why` (equivalent) or `killedBy` (a test seen failing with the mutant planted by
// hand, for a mutant whose Stryker run that test passes: seen with code that also runs while a module
// loads, building module-level values, which Stryker's run leaves unmutated even with --force).
import { existsSync, globSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

const root = dirname(import.meta.dirname);
const JUDGED_FOLDERS = /^src\/core\/(presets|compose|render)\//;
const report = JSON.parse(readFileSync(join(root, 'reports/stryker-incremental.json'), 'utf8'));
const equivalents = parse(readFileSync(join(root, 'reports/mutation-equivalents.yaml'), 'utf8')) ?? {};

const keyOf = (file, line, column, mutator, replacement) => `${file}:${line}:${column} ${mutator} ${replacement}`;
const judged = new Map();
for (const [file, verdicts] of Object.entries(equivalents)) {
  for (const { at, mutator, replacement, why, killedBy } of verdicts) {
    if (!why === !killedBy)
      throw new Error(`reports/mutation-equivalents.yaml: ${file} ${at} ${mutator}: give either why or killedBy`);
    const [line, column] = String(at).split(':');
    judged.set(keyOf(file, line, column, mutator, replacement), why ? 'equivalent' : 'killed');
  }
}

const folders = new Map();
const unjudged = [];
const used = new Set();
// a file deleted since its verdicts counts nowhere; a whole run drops it from the incremental file
const removed = Object.keys(report.files).filter((file) => !existsSync(join(root, file)));
for (const [file, { source, mutants }] of Object.entries(report.files)) {
  if (!file.startsWith('src/core/') || removed.includes(file)) continue;
  const folder = dirname(file).slice('src/core/'.length);
  const counts = folders.get(folder) ?? {
    Killed: 0,
    Timeout: 0,
    Survived: 0,
    NoCoverage: 0,
    CompileError: 0,
    Ignored: 0,
    sampledOut: 0,
    files: 0,
  };
  counts.files++;
  folders.set(folder, counts);
  const lines = source.split('\n');
  for (const m of mutants) {
    const outsideSample = m.status === 'Ignored' && m.statusReason?.startsWith('outside the sample');
    if (outsideSample) counts.sampledOut++;
    else counts[m.status] = (counts[m.status] ?? 0) + 1;
    if (!JUDGED_FOLDERS.test(file) || (m.status !== 'Survived' && m.status !== 'NoCoverage')) continue;
    const { line, column } = m.location.start;
    const key = keyOf(file, line, column, m.mutatorName, m.replacement);
    if (judged.has(key)) {
      used.add(key);
      continue;
    }
    const text = lines[line - 1]
      .slice(column - 1)
      .trim()
      .slice(0, 60);
    unjudged.push(
      `${file}:${line}:${column} ${m.status} ${m.mutatorName} -> ${JSON.stringify(m.replacement)}  (${text})`,
    );
  }
}

const percent = (n, d) => (d === 0 ? 'n/a' : ((100 * n) / d).toFixed(2));
console.log(
  '| folder | files | score | of covered | killed | timeout | survived | no coverage | compile error | ignored (static) | outside the sample |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const [folder, c] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
  const detected = c.Killed + c.Timeout;
  console.log(
    `| ${folder}/ | ${c.files} | ${percent(detected, detected + c.Survived + c.NoCoverage)} | ${percent(detected, detected + c.Survived)} | ${c.Killed} | ${c.Timeout} | ${c.Survived} | ${c.NoCoverage} | ${c.CompileError} | ${c.Ignored} | ${c.sampledOut} |`,
  );
}
const notRun = globSync('src/core/**/*.ts', { cwd: root }).filter(
  (file) => !/\.(spec|testing)\.ts$/.test(file) && !(file in report.files),
);
if (notRun.length > 0)
  console.log(`\nfiles with no verdict yet (never run, or without a mutant): ${notRun.sort().join(', ')}`);
const changed = Object.entries(report.files)
  .filter(
    ([file, { source }]) =>
      file.startsWith('src/core/') && !removed.includes(file) && readFileSync(join(root, file), 'utf8') !== source,
  )
  .map(([file]) => file);
if (changed.length > 0) console.log(`\nfiles changed since their verdicts (rerun them): ${changed.join(', ')}`);
if (removed.length > 0) console.log(`\nfiles removed since their verdicts (not counted): ${removed.join(', ')}`);
const stale = [...judged.keys()].filter((key) => !used.has(key));
const killedByHand = [...used].filter((key) => judged.get(key) === 'killed').length;
console.log(
  `\njudged equivalent: ${used.size - killedByHand}; killed by a named test, planted by hand: ${killedByHand}; survivors of presets/, compose/, render/ without a verdict: ${unjudged.length}`,
);
for (const line of unjudged) console.log(`  unjudged: ${line}`);
for (const key of stale) console.log(`  verdict matching no survivor: ${key}`);
process.exitCode = unjudged.length > 0 || stale.length > 0 || changed.length > 0 ? 1 : 0;
