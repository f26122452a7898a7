import { Injectable } from '@nestjs/common';
import { composeBundle } from '../core/generate/compose-bundle.js';
import type { BundleRequestDto } from '../core/input/bundle-request.js';
import { ServiceMetrics } from '../metrics/service-metrics.js';
import { digestOfYaml, toMultiDocumentYaml } from '../core/render/canonical.js';

export type BundleFormat = 'json' | 'yaml';

@Injectable()
export class BundlesService {
  constructor(private readonly metrics: ServiceMetrics) {}

  /**
   * Validated request in, the response body out (JSON: { digest, manifests, findings, summary };
   * YAML: the manifests as multi-document YAML). The core throws for impossible requests.
   */
  create(request: BundleRequestDto, format: BundleFormat): { digest: string; body: string } {
    const bundle = composeBundle(request);
    this.metrics.generatedFrom('bundle', request);
    // the digest is that of the YAML: written once, also for a JSON answer
    const yaml = toMultiDocumentYaml(bundle.manifests);
    const digest = digestOfYaml(yaml);
    const body =
      format === 'yaml'
        ? yaml
        : JSON.stringify({ digest, manifests: bundle.manifests, findings: bundle.findings, summary: bundle.summary });
    return { digest, body };
  }
}
