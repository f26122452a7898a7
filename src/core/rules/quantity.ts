// Kubernetes resource quantities (apimachinery resource.Quantity): a numeric value for comparisons
// (the grammar is model/grammars.ts's QUANTITY). A number given as a JSON number is a quantity too.
import { QUANTITY } from '../model/grammars.js';

const MULTIPLIER: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

export interface Quantity {
  value: number;
  suffix: string;
}

/** Parses a quantity; undefined when it does not follow the grammar. */
export function parseQuantity(input: unknown): Quantity | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? { value: input, suffix: '' } : undefined;
  if (typeof input !== 'string') return undefined;
  // groups: the number, its fraction, the suffix
  const m = QUANTITY.exec(input);
  if (!m) return undefined;
  const [, digits, , suffix = ''] = m;
  const base = Number(digits) * (input.startsWith('-') ? -1 : 1);
  const value = /^[eE][+-]?[0-9]/.test(suffix) ? base * 10 ** Number(suffix.slice(1)) : base * MULTIPLIER[suffix];
  return { value, suffix };
}
