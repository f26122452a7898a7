import { ApiProperty } from '@nestjs/swagger';
import { FindingDto } from '../../common/problem.js';
import { REPORT_LIMITS } from '../../core/validate/validate-bundle.js';

const COUNTS_ALL = 'findings of this severity, also those the findings list leaves out';

export class ValidationSummaryDto {
  @ApiProperty({ type: 'integer', description: 'objects checked, after kind: List is unwrapped' }) objects: number;
  @ApiProperty({ type: 'integer', description: COUNTS_ALL }) errors: number;
  @ApiProperty({ type: 'integer', description: COUNTS_ALL }) warnings: number;
  @ApiProperty({ type: 'integer', description: COUNTS_ALL }) info: number;
}

export class ValidationReportDto {
  @ApiProperty({ description: 'true when no finding has severity error' }) valid: boolean;
  @ApiProperty({ example: 'restricted:v1.33', description: 'Pod Security level and Kubernetes version checked' })
  profile: string;
  @ApiProperty({ type: () => ValidationSummaryDto, description: 'counts of objects and findings' })
  summary: ValidationSummaryDto;
  @ApiProperty({
    type: () => [FindingDto],
    maxItems: REPORT_LIMITS.findings,
    description: `errors first, then warnings, then info; by document within each. At most ${REPORT_LIMITS.perRuleAndObject} findings of one rule on one object and at most ${REPORT_LIMITS.findings} in all are listed (the SARIF form too); each cut is answered by one finding of that rule saying how many more were not listed ("and N more findings of <rule> on this object" or "in this bundle"): fix those listed, then validate again.`,
  })
  findings: FindingDto[];
}

export class ValidationRequestDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    minItems: 1,
    description: 'Kubernetes objects; a kind: List is unwrapped',
  })
  manifests: Record<string, unknown>[];
}
