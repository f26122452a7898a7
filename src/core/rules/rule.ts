// A validation rule: a small unit with an id, a default severity, a page (title, rationale,
// examples) and a check over a parsed bundle.
import type { K8sObject } from '../model/bundle.js';
import type { Severity } from '../model/finding.js';
import type { PodSecurityLevel } from '../model/request.js';

export type RuleLayer =
  | 'parse'
  | 'schema'
  | 'bundle'
  | 'metadata'
  | 'pod'
  | 'workload'
  | 'service'
  | 'references'
  | 'pod-security'
  | 'best-practice'
  | 'pattern';

export interface SourcePosition {
  line: number;
  column: number;
}

/** Something the parser noticed in the source text (duplicate keys), reported by a parse.* rule. */
export interface SourceIssue {
  rule: string;
  /** JSON Pointer into the object */
  path: string;
  message: string;
  position?: SourcePosition;
}

export interface BundleDocument {
  /** index of the document in the bundle */
  index: number;
  object: K8sObject;
  /** line/column of the node at a JSON Pointer, for YAML input */
  locate?: (path: string) => SourcePosition | undefined;
  sourceIssues?: SourceIssue[];
  /** no object in it is reached by two paths (JSON text, YAML without aliases): checks need not look out for that */
  tree?: boolean;
  /** members of its objects and items of its lists, counted by the parser that walked it (absent: not counted) */
  members?: number;
  /**
   * Its large objects whose members are all scalars (labels, data), with their member counts, noted by
   * the parser that walked it: a check that looks for nested objects need not walk them again.
   */
  scalarMaps?: ReadonlyMap<object, number>;
}

export interface RuleContext {
  documents: BundleDocument[];
  /** Kubernetes minor version, e.g. 33 */
  minor: number;
  podSecurity: PodSecurityLevel;
  /** generation holds its own output to stricter standards than submitted bundles */
  mode: 'generate' | 'validate';
}

/** What a check reports; the engine fills in rule id, default severity, resource and position. */
export interface RawFinding {
  document: BundleDocument;
  path: string;
  message: string;
  severity?: Severity;
  /** where in the source, when the engine cannot find it from the path */
  position?: SourcePosition;
}

/**
 * A rule's page examples, which the tests run: the failing one raises this rule (and no other
 * error), the passing one raises nothing of it.
 */
export interface RuleExamples {
  failing: string;
  passing: string;
  /** where the failing example's first finding of this rule points (JSON Pointer, 1-based YAML line) */
  at?: { path: string; line: number };
  /** options the examples are checked with (default: baseline, 1.33) */
  podSecurity?: PodSecurityLevel;
  minor?: number;
  /** further pairs for shapes the main one does not show, checked with the same options */
  more?: RuleCase[];
}

/** A further failing/passing pair on a rule's page. */
export interface RuleCase {
  /** what the pair shows */
  about: string;
  failing: string;
  passing: string;
  at?: { path: string; line: number };
  /** error rules both manifests raise besides this one, where the shape shown cannot be had without them */
  otherErrors?: string[];
}

export interface Rule {
  id: string;
  layer: RuleLayer;
  severity: Severity;
  title: string;
  rationale: string;
  /** well-known tools with the same check, for the rule's page */
  seeAlso?: string[];
  examples?: RuleExamples;
  check(ctx: RuleContext): RawFinding[];
}
