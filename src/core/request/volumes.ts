// app.volumes as validated input: a pod volume with the Kubernetes names and shapes of its source
// (secret, configMap, persistentVolumeClaim or emptyDir, exactly one) and where the app mounts it.
// A helper mounts one by naming it (the custom sidecar's mounts[].volume). Clashes with the
// helpers' volumes and the app's other mounts are the core's to find (compose), with pointers.
import { Type } from '../model/class-metadata.js';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ABSOLUTE_PATH, DNS1123_LABEL, DNS1123_SUBDOMAIN, POSITIVE_QUANTITY } from '../model/grammars.js';
import { Doc, ExactlyOneOf, MatchesGrammar } from '../model/validators.js';

const SUBDOMAIN = DNS1123_SUBDOMAIN.what;
/** a relative path without ".." (the API server's rule for items[].path and subPath) */
const RELATIVE_PATH = /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[^\0]+$/;
const A_RELATIVE_PATH = 'a relative path without ".." (e.g. config/app.yaml)';
const MAX_ITEMS = 64;

export class KeyToPathDto {
  @IsString()
  @MaxLength(253)
  @MatchesGrammar(/^[-._a-zA-Z0-9]+$/, 'a key ([-._a-zA-Z0-9]+)')
  @Doc('the key', 'tls.crt')
  key: string;

  @IsString()
  @MaxLength(4096)
  @MatchesGrammar(RELATIVE_PATH, A_RELATIVE_PATH)
  @Doc('the file it becomes, relative to the mount path', 'certs/tls.crt')
  path: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(0o777)
  @Doc("file mode bits, 0-511 (0777 octal); default the volume's defaultMode (0644)")
  mode?: number;
}

export class SecretVolumeDto {
  @IsString()
  @MaxLength(253)
  @MatchesGrammar(DNS1123_SUBDOMAIN, SUBDOMAIN)
  @Doc("the Secret, in the app's namespace", 'orders-tls')
  secretName: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => KeyToPathDto)
  @Doc('only these keys, as these files (default: every key, one file each)')
  items?: KeyToPathDto[];

  @IsOptional()
  @IsBoolean()
  @Doc('start the pod even when the Secret does not exist (default false)')
  optional?: boolean;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(0o777)
  @Doc('file mode bits of its files, 0-511 (default 420, i.e. 0644)')
  defaultMode?: number;
}

export class ConfigMapVolumeDto {
  @IsString()
  @MaxLength(253)
  @MatchesGrammar(DNS1123_SUBDOMAIN, SUBDOMAIN)
  @Doc("the ConfigMap, in the app's namespace", 'orders-config')
  name: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => KeyToPathDto)
  @Doc('only these keys, as these files (default: every key, one file each)')
  items?: KeyToPathDto[];

  @IsOptional()
  @IsBoolean()
  @Doc('start the pod even when the ConfigMap does not exist (default false)')
  optional?: boolean;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(0o777)
  @Doc('file mode bits of its files, 0-511 (default 420, i.e. 0644)')
  defaultMode?: number;
}

export class PersistentVolumeClaimVolumeDto {
  @IsString()
  @MaxLength(253)
  @MatchesGrammar(DNS1123_SUBDOMAIN, SUBDOMAIN)
  @Doc("an existing PersistentVolumeClaim in the app's namespace", 'orders-uploads')
  claimName: string;

  @IsOptional()
  @IsBoolean()
  @Doc('mount the claim read-only (default false)')
  readOnly?: boolean;
}

export class EmptyDirVolumeDto {
  @IsOptional()
  @IsIn(['', 'Memory'])
  @Doc('"Memory" for a tmpfs (counts against the memory limit); default "": the node\'s disk')
  medium?: '' | 'Memory';

  @IsOptional()
  @IsString()
  @MatchesGrammar(POSITIVE_QUANTITY)
  @Doc('most it may hold before the pod is evicted, e.g. 1Gi (default: no limit)', '1Gi')
  sizeLimit?: string;
}

const SOURCES = ['secret', 'configMap', 'persistentVolumeClaim', 'emptyDir'];

export class AppVolumeDto {
  @IsString()
  @MaxLength(63)
  @MatchesGrammar(DNS1123_LABEL, DNS1123_LABEL.what)
  @Doc("the pod volume's name; a helper mounts it by this name (e.g. a custom sidecar's mounts[].volume)", 'tls')
  name: string;

  @IsString()
  @MatchesGrammar(ABSOLUTE_PATH, ABSOLUTE_PATH.what)
  @Doc('where the app container sees it', '/etc/orders/tls')
  mountPath: string;

  @IsOptional()
  @IsBoolean()
  @Doc('mount it read-only in the app (default false; secret and configMap volumes are read-only anyway)')
  readOnly?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(4096)
  @MatchesGrammar(RELATIVE_PATH, A_RELATIVE_PATH)
  @Doc('mount only this path inside the volume (default: the whole volume)')
  subPath?: string;

  @ExactlyOneOf(SOURCES, 'a volume')
  @IsObject()
  @ValidateNested()
  @Type(() => SecretVolumeDto)
  @Doc('a Secret as files (give one of secret, configMap, persistentVolumeClaim, emptyDir)')
  secret?: SecretVolumeDto;

  @ExactlyOneOf(SOURCES, 'a volume')
  @IsObject()
  @ValidateNested()
  @Type(() => ConfigMapVolumeDto)
  @Doc('a ConfigMap as files (give one of secret, configMap, persistentVolumeClaim, emptyDir)')
  configMap?: ConfigMapVolumeDto;

  @ExactlyOneOf(SOURCES, 'a volume')
  @IsObject()
  @ValidateNested()
  @Type(() => PersistentVolumeClaimVolumeDto)
  @Doc('an existing PersistentVolumeClaim (give one of secret, configMap, persistentVolumeClaim, emptyDir)')
  persistentVolumeClaim?: PersistentVolumeClaimVolumeDto;

  @ExactlyOneOf(SOURCES, 'a volume')
  @IsObject()
  @ValidateNested()
  @Type(() => EmptyDirVolumeDto)
  @Doc('an empty folder that lives as long as the pod (give one of secret, configMap, persistentVolumeClaim, emptyDir)')
  emptyDir?: EmptyDirVolumeDto;
}

export { MAX_ITEMS as MAX_APP_VOLUMES };
