// A bundle people bring, in as YAML text or as the JSON form, out as a report: every rule at the
// requested Kubernetes version and Pod Security level.
import type { Finding, Severity } from '../model/finding.js';
import { DEFAULT_KUBERNETES_VERSION, type PodSecurityLevel } from '../model/request.js';
import { validateInput } from '../model/validate-input.js';
import { runRulesCapped, sortFindings } from '../rules/engine.js';
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

/** `tree`: the JSON value is as JSON.parse makes it, no object in it reached by two paths */
export type ValidationInput = { yaml: string } | { json: unknown; tree?: boolean };

/** The options validated (once: a ValidationQuery from the HTTP pipe is taken as is), with their defaults. */
export function resolveValidationOptions(options: ValidationOptions = {}): ResolvedValidationOptions {
  const query = validateInput(ValidationQuery, options);
  const kubernetesVersion = query.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  const podSecurity = (query.podSecurity ?? 'restricted') as PodSecurityLevel;
  return { kubernetesVersion, minor: Number(kubernetesVersion.split('.')[1]), podSecurity };
}

export function parseInput(input: ValidationInput, limits: ParseLimits = DEFAULT_LIMITS): BundleDocument[] {
  return 'yaml' in input
    ? parseYamlManifests(input.yaml, limits)
    : parseJsonManifests(input.json, limits, input.tree ?? false);
}

/**
 * How many findings one report lists. A bundle can break a rule thousands of times (1,000 objects,
 * a key repeated on every line), and a report of 37,000 findings is 20 MB that takes longer to build
 * and send than the check and that no one reads to its end. GitHub code scanning, a main reader of
 * the SARIF form, shows 5,000 results of a run and refuses files over 10 MB
 * (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning#validating-your-sarif-file).
 * Each cut is answered by one finding saying how many more of which rule were left out, and the
 * summary counts every finding, so nothing is dropped silently.
 */
export const REPORT_LIMITS = { findings: 5000, perRuleAndObject: 100 } as const;

/**
 * The first findings in report order (errors first, then by document), at most `limit` with the
 * findings that answer the cut: one per rule left out, saying how many of it were. Stable: the same
 * findings in, the same listed out.
 */
export function capFindings(
  findings: Finding[],
  limit: number = REPORT_LIMITS.findings,
  unlisted: ReadonlyMap<Finding, number> = new Map(),
): Finding[] {
  if (findings.length <= limit) return findings;
  // keeping fewer can only add rules to those cut, so this settles within a few rounds
  let kept = limit;
  let cut = cutRules(findings, kept, unlisted);
  while (kept + cut.size > limit) {
    kept = limit - cut.size;
    cut = cutRules(findings, kept, unlisted);
  }
  const notices = [...cut].map(([rule, { count, severity }]) => ({
    rule,
    severity,
    message: `and ${count} more findings of ${rule} in this bundle, not listed (a report lists at most ${limit} findings): fix these first, then validate again`,
  }));
  return [...findings.slice(0, kept), ...sortFindings(notices)];
}

/**
 * The rules among the findings past `kept`, in order of first appearance, each with how many findings
 * it has there (a finding that stands for others not listed counts as those) and its first severity.
 */
function cutRules(
  findings: Finding[],
  kept: number,
  unlisted: ReadonlyMap<Finding, number>,
): Map<string, { count: number; severity: Severity }> {
  const cut = new Map<string, { count: number; severity: Severity }>();
  for (let i = kept; i < findings.length; i++) {
    const f = findings[i];
    const n = unlisted.get(f) ?? 1;
    const entry = cut.get(f.rule);
    if (entry) entry.count += n;
    else cut.set(f.rule, { count: n, severity: f.severity });
  }
  return cut;
}

/** Runs every rule over the documents and summarises (the summary counts every finding, listed or not). */
export function reportOn(documents: BundleDocument[], options: ResolvedValidationOptions): ValidationReport {
  const { findings, counts, unlisted, complete } = runRulesCapped(
    { documents, minor: options.minor, podSecurity: options.podSecurity, mode: 'validate' },
    REPORT_LIMITS.perRuleAndObject,
  );
  return {
    valid: counts.error === 0,
    profile: `${options.podSecurity}:v${options.kubernetesVersion}`,
    summary: { objects: documents.length, errors: counts.error, warnings: counts.warning, info: counts.info },
    findings: complete(capFindings(findings, REPORT_LIMITS.findings, unlisted)),
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
