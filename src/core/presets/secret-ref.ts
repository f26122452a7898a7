import { IsString, Matches, MaxLength } from 'class-validator';
import type { IIoK8sApiCoreV1EnvVar as EnvVar } from 'kubernetes-models/v1/EnvVar';
import { DNS1123_SUBDOMAIN } from '../model/grammars.js';
import { Doc } from '../model/validators.js';

/** A key of a Secret in the app's namespace: how every credential enters a bundle. */
export class SecretKeyRef {
  @IsString()
  @MaxLength(253)
  @Matches(DNS1123_SUBDOMAIN, { message: '$property must be a Secret name (DNS-1123 subdomain)' })
  @Doc("name of a Secret in the app's namespace (not created by the bundle)")
  secretName: string;

  @IsString()
  @MaxLength(253)
  @Matches(/^[-._a-zA-Z0-9]+$/, { message: '$property must be a Secret key ([-._a-zA-Z0-9]+)' })
  @Doc('key in that Secret whose value is used')
  key: string;
}

export function secretEnv(name: string, ref: SecretKeyRef): EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key } } };
}
