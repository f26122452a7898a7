// A bundle people bring, in as YAML text or as the JSON form, out as a report: every rule at the
// requested Kubernetes version and Pod Security level.
import type { Finding } from '../model/finding.js';
import { DEFAULT_KUBERNETES_VERSION, type PodSecurityLevel } from '../model/request.js';
import { validateInput } from '../model/validate-input.js';
import { runRules } from '../rules/engine.js';
import type { BundleDocument } from '../rules/rule.js';
import { DEFAULT_LIMITS, parseJsonManifests, parseYamlManifests, type ParseLimits } from './parse-manifests.js';
import { ValidationQuery } from './validation-query.js';

export { POD_SECURITY_LEVELS } from './validation-query.js';

export interface ValidationOptions {
  kubernetesVersion?: string;
  podSecurity?: string;
}

export interface ResolvedValidationOptions {
  kubernetesVersion: string;
  minor: number;
  podSecurity: PodSecurityLevel;
}

export interface ValidationReport {
  valid: boolean;
  /** "<level>:v<version>", e.g. restricted:v1.33 */
  profile: string;
  summary: { objects: number; errors: number; warnings: number; info: number };
  findings: Finding[];
}

export type ValidationInput = { yaml: string } | { json: unknown };

/** The options validated (once: a ValidationQuery from the HTTP pipe is taken as is), with their defaults. */
export function resolveValidationOptions(options: ValidationOptions = {}): ResolvedValidationOptions {
  const query = validateInput(ValidationQuery, options);
  const kubernetesVersion = query.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  const podSecurity = (query.podSecurity ?? 'restricted') as PodSecurityLevel;
  return { kubernetesVersion, minor: Number(kubernetesVersion.split('.')[1]), podSecurity };
}

export function parseInput(input: ValidationInput, limits: ParseLimits = DEFAULT_LIMITS): BundleDocument[] {
  return 'yaml' in input ? parseYamlManifests(input.yaml, limits) : parseJsonManifests(input.json, limits);
}

/** Runs every rule over the documents and summarises. */
export function reportOn(documents: BundleDocument[], options: ResolvedValidationOptions): ValidationReport {
  const findings = runRules({ documents, minor: options.minor, podSecurity: options.podSecurity, mode: 'validate' });
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  const errors = count('error');
  return {
    valid: errors === 0,
    profile: `${options.podSecurity}:v${options.kubernetesVersion}`,
    summary: { objects: documents.length, errors, warnings: count('warning'), info: count('info') },
    findings,
  };
}

/** Parse, check, report. Input that cannot be read as Kubernetes objects is an InvalidRequestError. */
export function validateBundle(
  input: ValidationInput,
  options: ValidationOptions = {},
  limits: ParseLimits = DEFAULT_LIMITS,
): ValidationReport {
  const resolved = resolveValidationOptions(options);
  return reportOn(parseInput(input, limits), resolved);
}
