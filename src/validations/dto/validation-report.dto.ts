import { ApiProperty } from '@nestjs/swagger';
import { FindingDto } from '../../common/problem.js';

export class ValidationSummaryDto {
  @ApiProperty({ type: 'integer', description: 'objects checked, after kind: List is unwrapped' }) objects: number;
  @ApiProperty({ type: 'integer', description: 'findings of severity error' }) errors: number;
  @ApiProperty({ type: 'integer', description: 'findings of severity warning' }) warnings: number;
  @ApiProperty({ type: 'integer', description: 'findings of severity info' }) info: number;
}

export class ValidationReportDto {
  @ApiProperty({ description: 'true when no finding has severity error' }) valid: boolean;
  @ApiProperty({ example: 'restricted:v1.33', description: 'Pod Security level and Kubernetes version checked' })
  profile: string;
  @ApiProperty({ type: () => ValidationSummaryDto, description: 'counts of objects and findings' })
  summary: ValidationSummaryDto;
  @ApiProperty({
    type: () => [FindingDto],
    description: 'errors first, then warnings, then info; by document within each',
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
