import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FindingDto } from '../../common/problem.js';

export class WorkloadRefDto {
  @ApiProperty({ enum: ['Deployment', 'StatefulSet'] }) kind: string;
  @ApiProperty({ example: 'orders' }) name: string;
}

export class ContainerSummaryDto {
  @ApiProperty({ example: 'logs' }) name: string;
  @ApiProperty({ enum: ['main', 'sidecar', 'ambassador', 'adapter'] }) role: string;
  @ApiPropertyOptional({ description: 'the preset that made it', example: 'log-forwarder' }) preset?: string;
  @ApiProperty({
    enum: ['container', 'init', 'native-sidecar'],
    description: 'containers, a one-shot init container, or an init container with restartPolicy Always',
  })
  placement: string;
}

export class BundleSummaryDto {
  @ApiProperty({ type: () => WorkloadRefDto }) workload: WorkloadRefDto;
  @ApiProperty({ type: () => [ContainerSummaryDto] }) containers: ContainerSummaryDto[];
}

export class BundleResponseDto {
  @ApiProperty({
    description: 'sha256 of the canonical multi-document YAML; also the ETag',
    example: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  })
  digest: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Kubernetes objects in apply order',
  })
  manifests: Record<string, unknown>[];

  @ApiProperty({ type: () => [FindingDto], description: 'warnings and info (errors make a 422)' })
  findings: FindingDto[];

  @ApiProperty({ type: () => BundleSummaryDto })
  summary: BundleSummaryDto;
}
