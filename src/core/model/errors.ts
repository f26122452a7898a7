// Core errors: the HTTP shell maps them to problem+json. Nothing here knows about HTTP.
import type { Finding } from './finding.js';

export interface FieldError {
  /** JSON Pointer into the request body */
  pointer: string;
  detail: string;
  /** where the field is in a YAML or JSON request text (1-based), when the body was text the service read */
  line?: number;
  column?: number;
}

/** The request is malformed or asks for something impossible (HTTP 400). */
export class InvalidRequestError extends Error {
  constructor(
    readonly errors: FieldError[],
    message = errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '),
  ) {
    super(message);
    this.name = 'InvalidRequestError';
  }
}

/** The request is well-formed but the bundle it describes breaks error-level rules (HTTP 422). */
export class BundleRuleError extends Error {
  constructor(readonly findings: Finding[]) {
    super(`the bundle would break ${findings.length} rule(s): ${findings.map((f) => f.rule).join(', ')}`);
    this.name = 'BundleRuleError';
  }
}

/** runAsUser 0 asked for at Pod Security "restricted", for the app and for a custom sidecar alike. */
export function rootUserRefused(pointer: string): FieldError {
  return {
    pointer,
    detail:
      'runAsUser 0 (root) is not allowed at Pod Security level "restricted"; use the non-root uid the image is built for, or target podSecurity "baseline"',
  };
}

/** A JSON Pointer from path segments (RFC 6901 escaping). */
export function pointer(...segments: (string | number)[]): string {
  // called for each of tens of thousands of findings and nodes: most segments need no escaping
  let out = '';
  for (const segment of segments) {
    const s = String(segment);
    out += s.includes('~') || s.includes('/') ? '/' + s.replace(/~/g, '~0').replace(/\//g, '~1') : '/' + s;
  }
  return out;
}
