import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  DEFAULT_KUBERNETES_VERSION,
  SUPPORTED_VERSIONS,
  type NativeSidecarMode,
  type PodSecurityLevel,
} from '../model/request.js';
import { Doc, MatchesGrammar, Schema } from '../model/validators.js';
import { REQUEST_DEFAULTS } from '../model/request-defaults.js';

/** A registry host with optional port and path prefix, e.g. mirror.corp:5000/dockerhub */
const REGISTRY =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

export class TargetDto {
  @IsOptional()
  @IsIn(SUPPORTED_VERSIONS, {
    message: `kubernetesVersion must be one of the supported versions: ${SUPPORTED_VERSIONS.join(', ')}`,
  })
  @Doc('Kubernetes minor version the bundle is made for; below 1.29 there are no native sidecars', '1.33')
  @Schema({ default: DEFAULT_KUBERNETES_VERSION })
  kubernetesVersion?: string;

  @IsOptional()
  @IsIn(['restricted', 'baseline'])
  @Doc('Pod Security Standards level every container meets')
  @Schema({ default: REQUEST_DEFAULTS.podSecurity })
  podSecurity?: PodSecurityLevel;

  @IsOptional()
  @IsIn(['auto', 'always', 'never'])
  @Doc(
    'auto: native sidecars (initContainers with restartPolicy Always) where the version has them; always: required (1.29+); never: ordinary containers',
  )
  @Schema({ default: REQUEST_DEFAULTS.nativeSidecars })
  nativeSidecars?: NativeSidecarMode;

  @IsOptional()
  @IsString()
  @MaxLength(253)
  @MatchesGrammar(REGISTRY, 'a registry host with optional port and path, e.g. mirror.corp:5000/dockerhub')
  @Doc('rewrites the registry of every helper image', 'mirror.corp:5000')
  registryMirror?: string;
}
