// class-validator errors as JSON Pointer + detail pairs: one list for the HTTP pipe and for the
// core's own check of preset items, so both report a field the same way.
import { getMetadataStorage, type ValidationError } from 'class-validator';
import { pointer, type FieldError } from './errors.js';
import { kubernetesFieldHint } from './kubernetes-field-hints.js';

export const UNKNOWN_FIELD = 'unknown field: not part of the schema (check spelling)';

/**
 * A missing field gets one "required" entry instead of one per constraint it fails; an unknown
 * field names the closest known one when it looks like a typo (imagePullpolicy -> imagePullPolicy).
 */
export function fieldErrors(errors: ValidationError[], base = ''): FieldError[] {
  const out: FieldError[] = [];
  const walk = (list: ValidationError[], prefix: string) => {
    for (const e of list) {
      // The top-level "unknown value" error (body is not an object) has no property.
      const here = e.property === undefined ? prefix : `${prefix}${pointer(e.property)}`;
      const constraints = e.constraints ?? {};
      if ('unknownValue' in constraints) {
        // "an unknown value was passed" follows from a type error reported on its own
      } else if ('whitelistValidation' in constraints) {
        // a correct Kubernetes name is no typo: say it is not taken, and what to do instead
        const hint = kubernetesFieldHint(targetClass(e.target), e.property);
        const suggestion = hint ? undefined : closest(e.property, knownProperties(e.target));
        out.push({
          pointer: here,
          detail: hint
            ? `unknown field: ${hint}`
            : suggestion
              ? `${UNKNOWN_FIELD}; did you mean "${suggestion}"?`
              : UNKNOWN_FIELD,
        });
      } else if (e.value === undefined && Object.keys(constraints).length) {
        out.push({ pointer: here, detail: constraints.isDefined ?? `${e.property} is required` });
      } else {
        for (const message of constraintMessages(e)) out.push({ pointer: here, detail: message });
      }
      if (e.children?.length) walk(e.children, here);
    }
  };
  walk(errors, base);
  return out;
}

/** Constraints on a value's type: when one fails, the others (ranges, lengths, patterns) say nothing more. */
const TYPE_CONSTRAINTS = new Set(['isInt', 'isNumber', 'isString', 'isBoolean', 'isObject', 'isArray']);

function constraintMessages(e: ValidationError): string[] {
  const constraints = e.constraints ?? {};
  const failed = Object.keys(constraints);
  if (typeof e.value === 'number' && (failed.includes('isIn') || failed.includes('isString'))) {
    const asString = numberForString(e);
    if (asString) return [asString];
  }
  const types = failed.filter((name) => TYPE_CONSTRAINTS.has(name));
  if (types.length) {
    return types.map((name) =>
      (name === 'isInt' || name === 'isNumber') && typeof e.value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(e.value)
        ? `${constraints[name]}, not the string ${JSON.stringify(e.value)}; send ${e.value.trim()} without quotes`
        : constraints[name]!,
    );
  }
  // "nested property x must be either object or array" only repeats what isObject said
  return failed.filter((name) => name !== 'nestedValidation' || failed.length === 1).map((name) => constraints[name]!);
}

/**
 * A number where a string is expected. A version such as 1.30 sent unquoted is the number 1.3, so
 * the message names the string it most likely was from the allowed values.
 */
function numberForString(e: ValidationError): string | undefined {
  const allowed = allowedValues(e.target, e.property).filter((v): v is string => typeof v === 'string');
  if (!allowed.length && !('isString' in (e.constraints ?? {}))) return undefined;
  const sent = String(e.value);
  const meant = allowed.filter((v) => Number(v) === e.value).at(-1);
  if (meant && meant !== sent)
    return `${e.property} must be a string such as "${meant}", not the number ${sent} (unquoted, ${meant} is the number ${sent}); quote it: "${meant}"`;
  const example = meant ?? allowed.at(-1);
  return `${e.property} must be a string${example ? ` such as "${example}"` : ''}, not the number ${sent}; quote it`;
}

/** The values an @IsIn on the property allows. */
function allowedValues(target: unknown, property: string): unknown[] {
  if (!target || typeof target !== 'object') return [];
  const metadata = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  return metadata
    .filter((m) => m.propertyName === property && m.name === 'isIn')
    .flatMap((m) => (m.constraints?.[0] as unknown[]) ?? []);
}

function targetClass(target: unknown): string | undefined {
  return target && typeof target === 'object' ? target.constructor.name : undefined;
}

const known = new WeakMap<object, string[]>();

/** The properties a validated class declares (its own and inherited decorators). */
function knownProperties(target: unknown): string[] {
  if (!target || typeof target !== 'object') return [];
  const type = target.constructor;
  let names = known.get(type);
  if (!names) {
    const metadata = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
    names = [...new Set(metadata.map((m) => m.propertyName))];
    known.set(type, names);
  }
  return names;
}

/** The known name a typo most likely meant: same letters ignoring case, or at most two edits away. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    // the lengths' difference is a lower bound of the distance: a long name costs nothing
    if (Math.abs(candidate.length - name.length) > 2) continue;
    const distance =
      candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= Math.min(2, Math.ceil(candidate.length / 3)) && (!best || distance < best.distance))
      best = { name: candidate, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
