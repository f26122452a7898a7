export type Severity = 'error' | 'warning' | 'info';

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
  /** index of the document in the bundle */
  index: number;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  resource?: ResourceRef;
  /** JSON Pointer into the object */
  path?: string;
  /** the API server's dotted form, e.g. spec.template.spec.containers[1].ports[0] */
  field?: string;
  line?: number;
  column?: number;
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
