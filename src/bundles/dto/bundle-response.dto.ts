import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FindingDto } from '../../common/problem.js';

export class WorkloadRefDto {
  @ApiProperty({ enum: ['Deployment', 'StatefulSet'], description: 'kind of the workload' }) kind: string;
  @ApiProperty({ example: 'orders', description: 'its name (the app name)' }) name: string;
}

export class ContainerSummaryDto {
  @ApiProperty({ example: 'logs', description: 'container name in the pod' }) name: string;
  @ApiProperty({
    enum: ['main', 'sidecar', 'ambassador', 'adapter'],
    description: 'the app (main) or the pattern a helper plays',
  })
  role: string;
  @ApiPropertyOptional({ description: 'the preset that made it', example: 'log-forwarder' }) preset?: string;
  @ApiProperty({
    enum: ['container', 'init', 'native-sidecar'],
    description: 'containers, a one-shot init container, or an init container with restartPolicy Always',
  })
  placement: string;
}

export class BundleSummaryDto {
  @ApiProperty({ type: () => WorkloadRefDto, description: 'the workload that runs the pod' }) workload: WorkloadRefDto;
  @ApiProperty({ type: () => [ContainerSummaryDto], description: 'every container of the pod, init containers first' })
  containers: ContainerSummaryDto[];
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

  @ApiProperty({ type: () => BundleSummaryDto, description: 'the workload and its containers at a glance' })
  summary: BundleSummaryDto;
}
