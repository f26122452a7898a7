import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DEFAULT_KUBERNETES_VERSION, SUPPORTED_VERSIONS } from '../../core/model/request.js';
import { POD_SECURITY_LEVELS } from '../../core/validate/validate-bundle.js';

export class ValidationQueryDto {
  @ApiPropertyOptional({ enum: SUPPORTED_VERSIONS, default: DEFAULT_KUBERNETES_VERSION, description: 'Kubernetes version to check against (schemas, API lifecycles, Pod Security by version)' })
  @IsOptional() @IsIn(SUPPORTED_VERSIONS, { message: `kubernetesVersion must be one of ${SUPPORTED_VERSIONS.join(', ')}` })
  kubernetesVersion?: string;

  @ApiPropertyOptional({ enum: POD_SECURITY_LEVELS, default: 'restricted', description: 'Pod Security Standards level whose checks are errors' })
  @IsOptional() @IsIn(POD_SECURITY_LEVELS, { message: `podSecurity must be one of ${POD_SECURITY_LEVELS.join(', ')}` })
  podSecurity?: string;

  @ApiPropertyOptional({ example: 'deploy/orders.yaml', description: 'SARIF only: the path of the validated file in the caller\'s repository, so results land on it (default manifests.yaml)' })
  @IsOptional() @IsString() @MaxLength(1024) @Matches(/^[^\s?#]+$/, { message: 'source must be a relative file path without spaces' })
  source?: string;
}
