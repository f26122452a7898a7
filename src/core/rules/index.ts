// Every rule, by layer. The engine runs them in this order.
import type { Rule } from './rule.js';
import { SCHEMA_RULES } from './schema.rules.js';
import { CRD_RULES } from './crd.rules.js';
import { METADATA_RULES } from './metadata.rules.js';
import { POD_RULES } from './pod.rules.js';
import { SCHEDULING_RULES } from './scheduling.rules.js';
import { WORKLOAD_RULES } from './workload.rules.js';
import { SERVICE_RULES } from './service.rules.js';
import { REFERENCE_RULES } from './references.rules.js';
import { POD_SECURITY_RULES } from './pod-security.rules.js';
import { BEST_PRACTICE_RULES } from './best-practice.rules.js';
import { PATTERN_RULES } from './pattern.rules.js';
import { AUTOSCALING_RULES } from './autoscaling.rules.js';
import { NETWORK_POLICY_RULES } from './network-policy.rules.js';
import { ROUTING_RULES } from './routing.rules.js';

export const ALL_RULES: readonly Rule[] = [
  ...SCHEMA_RULES,
  ...CRD_RULES,
  ...METADATA_RULES,
  ...POD_RULES,
  ...SCHEDULING_RULES,
  ...WORKLOAD_RULES,
  ...AUTOSCALING_RULES,
  ...SERVICE_RULES,
  ...ROUTING_RULES,
  ...REFERENCE_RULES,
  ...POD_SECURITY_RULES,
  ...BEST_PRACTICE_RULES,
  ...NETWORK_POLICY_RULES,
  ...PATTERN_RULES,
];

export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}
