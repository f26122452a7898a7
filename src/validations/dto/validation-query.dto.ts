// The validation query as the OpenAPI document shows it: the core's declaration (fields, rules,
// messages) with the parameter docs Swagger reads from these decorators.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { DEFAULT_KUBERNETES_VERSION, SUPPORTED_VERSIONS } from '../../core/model/request.js';
import { POD_SECURITY_LEVELS, ValidationQuery } from '../../core/validate/validation-query.js';

export class ValidationQueryDto extends ValidationQuery {
  @ApiPropertyOptional({
    enum: SUPPORTED_VERSIONS,
    default: DEFAULT_KUBERNETES_VERSION,
    description: 'Kubernetes version to check against (schemas, API lifecycles, Pod Security by version)',
  })
  declare kubernetesVersion?: string;

  @ApiPropertyOptional({
    enum: POD_SECURITY_LEVELS,
    default: 'restricted',
    description: 'Pod Security Standards level whose checks are errors',
  })
  declare podSecurity?: string;

  @ApiPropertyOptional({
    example: 'deploy/orders.yaml',
    description:
      "SARIF only: the path of the validated file in the caller's repository, so results land on it (default manifests.yaml)",
  })
  declare source?: string;
}
