// The seed of every fast-check property. Fixed by default, so the suite's verdict repeats from run to
// run; PROPERTY_SEED=<number> repeats a printed run; PROPERTY_SEED=date takes today's UTC date
// (yyyymmdd), so a daily run (`npm run test:properties:rotating`) covers new ground. fast-check also
// names the seed and path of a failing case in its message.
export const FIXED_SEED = 20261129;

export function propertySeed(env: string | undefined = process.env.PROPERTY_SEED, now = new Date()): number {
  if (env === undefined || env === '') return FIXED_SEED;
  if (env === 'date') return Number(now.toISOString().slice(0, 10).replaceAll('-', ''));
  const seed = Number(env);
  if (!Number.isSafeInteger(seed))
    throw new Error(`PROPERTY_SEED must be an integer or "date", not ${JSON.stringify(env)}`);
  return seed;
}

/** fast-check parameters for one property, its seed printed so any run can be repeated. */
export function propertyRun(name: string, numRuns: number): { seed: number; numRuns: number } {
  const seed = propertySeed();
  console.log(`property "${name}": seed ${seed}, ${numRuns} runs (PROPERTY_SEED=${seed} repeats it)`);
  return { seed, numRuns };
}
