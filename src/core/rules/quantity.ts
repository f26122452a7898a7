// Kubernetes resource quantities (apimachinery resource.Quantity): the grammar and a numeric value
// for comparisons. A number given as a JSON number is a quantity too.

const QUANTITY = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const MULTIPLIER: Record<string, number> = {
  '': 1,
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
  const m = QUANTITY.exec(input);
  if (!m) return undefined;
  const [, sign, digits, suffix = ''] = m;
  const base = Number(digits) * (sign === '-' ? -1 : 1);
  const value = /^[eE]/.test(suffix) ? base * 10 ** Number(suffix.slice(1)) : base * MULTIPLIER[suffix];
  return { value, suffix };
}
