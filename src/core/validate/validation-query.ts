// The query of POST /v1/validations (what the bundle is checked against, and SARIF's file path):
// declared once, validated once (by the HTTP pipe, or by resolveValidationOptions for a caller of the
// core). The shell adds only its OpenAPI parameter docs (src/validations/dto/validation-query.dto.ts).
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SUPPORTED_VERSIONS, type PodSecurityLevel } from '../model/request.js';

export const POD_SECURITY_LEVELS: readonly PodSecurityLevel[] = ['restricted', 'baseline'];

export class ValidationQuery {
  @IsOptional()
  @IsIn(SUPPORTED_VERSIONS, { message: `kubernetesVersion must be one of ${SUPPORTED_VERSIONS.join(', ')}` })
  kubernetesVersion?: string;

  @IsOptional()
  @IsIn(POD_SECURITY_LEVELS, { message: `podSecurity must be one of ${POD_SECURITY_LEVELS.join(', ')}` })
  podSecurity?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @Matches(/^[^\s?#]+$/, { message: 'source must be a relative file path without spaces' })
  source?: string;
}
