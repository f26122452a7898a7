// `npm run mutation:sample -- --rate 0.25 --seed 20261130 --mutate 'src/core/rules/**/*.ts'`
// `--rate 'src/core/rules/=0.05,src/core/model/=0.1,1'`: a rate per folder (the longest prefix of a
// file's path decides), the last one without a folder for the other files.
//
// Runs StrykerJS (stryker.config.mjs) on a seeded random sample of the mutants of the files given: a
// folder whose whole run takes hours on two cores (src/core/rules/ has some 6,500 mutants) still gets
// a measured score, with its margin of error. Each mutant is in the sample when a hash of the seed and
// the mutant (file, mutator, place, replacement) falls under the rate: the same seed picks the same
// mutants on every machine, and a mutant keeps its draw when code elsewhere in its file changes.
// Mutants outside the sample are reported as Ignored, which the score leaves out and which the
// incremental file does not reuse: a later whole run (`npm run mutation`) tests them.
//
// Why a patch and not a plugin: StrykerJS has no sampling option, and its ignorer plugins ignore a
// node with everything beneath it, so a mutant deep in a function would be drawn at a rate raised to
// its depth. The draw is made per mutant where the instrumenter collects it (MutantCollector.collect,
// @stryker-mutator/instrumenter 10.1, which runs in this process).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const { values } = parseArgs({
  options: {
    rate: { type: 'string' },
    seed: { type: 'string' },
    mutate: { type: 'string' },
  },
});
const rates = (values.rate ?? '').split(',').map((part) => {
  const [prefix, rate] = part.includes('=') ? part.split('=') : ['', part];
  return { prefix, rate: Number(rate) };
});
const rateOf = (fileName) =>
  rates
    .filter(({ prefix }) => relative(process.cwd(), fileName).replaceAll('\\', '/').startsWith(prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0]?.rate ?? 0;
if (!rates.every(({ rate }) => rate > 0 && rate <= 1) || !values.seed || !values.mutate) {
  console.error(
    "usage: npm run mutation:sample -- --rate <0..1, e.g. 0.25, or folder=rate,...,rate> --seed <any text> --mutate '<globs, comma separated>'",
  );
  process.exit(2);
}
const seed = values.seed;

const require = createRequire(import.meta.url);
const instrumenterDir = dirname(require.resolve('@stryker-mutator/instrumenter/package.json'));
const { MutantCollector } = await import(
  pathToFileURL(join(instrumenterDir, 'dist/src/transformers/mutant-collector.js')).href
);
if (typeof MutantCollector?.prototype?.collect !== 'function') {
  throw new Error('MutantCollector.collect not found: @stryker-mutator/instrumenter changed; adapt this script');
}

/** A mutant's draw: the first 48 bits of sha256(seed, file, mutator, place, replacement) over 2^48. */
function drawOf(mutant) {
  const { start, end } = mutant.original.loc;
  const key = [
    seed,
    mutant.fileName.replaceAll('\\', '/'),
    mutant.mutatorName,
    start.line,
    start.column,
    end.line,
    end.column,
    mutant.replacementCode,
  ];
  return Number.parseInt(createHash('sha256').update(key.join('\0')).digest('hex').slice(0, 12), 16) / 2 ** 48;
}

const sampledFiles = new Set();
const collect = MutantCollector.prototype.collect;
MutantCollector.prototype.collect = function collectSampled(...args) {
  const mutant = collect.apply(this, args);
  sampledFiles.add(resolve(mutant.fileName));
  const rate = rateOf(mutant.fileName);
  if (!mutant.ignoreReason && drawOf(mutant) >= rate) {
    mutant.ignoreReason = `outside the sample (seed ${seed}, rate ${rate})`;
  }
  return mutant;
};

const { Stryker } = await import('@stryker-mutator/core');
const { default: config } = await import(pathToFileURL(join(dirname(import.meta.dirname), 'stryker.config.mjs')).href);
// the files given, less what the config never mutates (specs, test helpers)
const mutate = [...values.mutate.split(','), ...config.mutate.filter((glob) => glob.startsWith('!'))];
console.log(`mutation sample: seed ${seed}, rate ${values.rate}, mutate ${mutate.join(' ')}`);
const results = await new Stryker({ ...config, mutate }).runMutationTest();
const counts = {};
// the results hold every file of the incremental report; count the files this run instrumented
for (const { fileName, status, statusReason } of results) {
  if (!sampledFiles.has(resolve(fileName))) continue;
  const verdict = statusReason?.startsWith('outside the sample') ? 'OutsideTheSample' : status;
  counts[verdict] = (counts[verdict] ?? 0) + 1;
}
console.log(`mutation sample: seed ${seed}, rate ${values.rate}: ${JSON.stringify(counts)}`);
