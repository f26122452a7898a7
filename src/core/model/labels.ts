import { REQUEST_DEFAULTS } from './request-defaults.js';
/** The parts of the app (core/request's AppDto) the labels come from. */
type LabelledApp = { name: string; labels?: Record<string, string>; component?: string; partOf?: string };

export const MANAGED_BY = 'pod-patterns';
export const ROLES_ANNOTATION = 'pod-patterns.io/roles';

/** The labels a selector uses: stable for the life of the workload. */
export function selectorLabels(app: LabelledApp): Record<string, string> {
  return { 'app.kubernetes.io/name': app.name, 'app.kubernetes.io/instance': app.name };
}

/** The recommended labels on every object, plus the caller's own. */
export function commonLabels(app: LabelledApp): Record<string, string> {
  return sortKeys({
    ...(app.labels ?? {}),
    ...selectorLabels(app),
    'app.kubernetes.io/component': app.component ?? REQUEST_DEFAULTS.component,
    'app.kubernetes.io/part-of': app.partOf ?? app.name,
    'app.kubernetes.io/managed-by': MANAGED_BY,
  });
}

export function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
