import { Injectable } from '@nestjs/common';
import { composeBundle } from '../core/compose/compose-bundle.js';
import type { BundleRequest } from '../core/model/request.js';
import { digestOf, toMultiDocumentYaml } from '../core/render/canonical.js';

export type BundleFormat = 'json' | 'yaml';

@Injectable()
export class BundlesService {
  /**
   * Validated request in, the response body out (JSON: { digest, manifests, findings, summary };
   * YAML: the manifests as multi-document YAML). The core throws for impossible requests.
   */
  create(request: BundleRequest, format: BundleFormat): { digest: string; body: string } {
    const bundle = composeBundle(toCoreRequest(request));
    const digest = digestOf(bundle.manifests);
    const body =
      format === 'yaml'
        ? toMultiDocumentYaml(bundle.manifests)
        : JSON.stringify({ digest, manifests: bundle.manifests, findings: bundle.findings, summary: bundle.summary });
    return { digest, body };
  }
}

/**
 * Plain data for the core: no DTO instances, no undefined members, and no null ones: after
 * validation a null can only sit in an optional field (IsOptional lets it through), where it
 * means the same as leaving the field out.
 */
export function toCoreRequest(request: BundleRequest): BundleRequest {
  return JSON.parse(JSON.stringify(request), function (this: unknown, _key, value: unknown) {
    return value === null && !Array.isArray(this) ? undefined : value;
  }) as BundleRequest;
}
