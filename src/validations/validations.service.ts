import { readFileSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { ALL_RULES } from '../core/rules/index.js';
import { toSarif } from '../core/validate/sarif.js';
import { validateBundle, type ValidationInput, type ValidationReport } from '../core/validate/validate-bundle.js';
import { ServiceMetrics } from '../metrics/service-metrics.js';
import type { ValidationQueryDto } from './dto/validation-query.dto.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

@Injectable()
export class ValidationsService {
  constructor(private readonly metrics: ServiceMetrics) {}

  validate(input: ValidationInput, query: ValidationQueryDto): ValidationReport {
    const report = validateBundle(input, query);
    this.metrics.reported(report);
    return report;
  }

  sarif(report: ValidationReport, query: ValidationQueryDto, rulesBaseUri: string): Record<string, unknown> {
    return toSarif(report, ALL_RULES, {
      rulesBaseUri,
      artifactUri: query.source ?? 'manifests.yaml',
      toolVersion: VERSION,
    });
  }
}
