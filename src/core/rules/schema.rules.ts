import { schemaErrors } from '../model/k8s-models.js';
import type { Rule } from './rule.js';

export const schemaTypeRule: Rule = {
  id: 'schema.type',
  layer: 'schema',
  severity: 'error',
  title: 'Fields have the types, required members and enum values of the Kubernetes schema',
  rationale: 'The API server rejects an object whose fields do not match the OpenAPI schema of its kind.',
  seeAlso: ['kubeconform', 'kubectl --dry-run=server'],
  check(ctx) {
    return ctx.documents.flatMap((document) =>
      (schemaErrors(document.object) ?? []).map((e) => ({ document, path: e.path, message: `${e.path || '/'} ${e.message}` })),
    );
  },
};

export const SCHEMA_RULES: Rule[] = [schemaTypeRule];
