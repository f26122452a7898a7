// Parts of a container description that the app (BundleRequest.app) and the custom sidecar preset
// both take: Secret/ConfigMap key references, env vars, probe handlers and probe timings. Where the
// two differ is which member of a choice must be given (the app reports it per field while
// validating; the custom preset per object when it builds the container), so the classes that hold a
// choice leave its members' presence rule to the subclass: `@ExactlyOneOf(...)` or `@IsOptional()`
// on a `declare`d field.
import { Type } from './class-metadata.js';
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
  MinLength,
  ValidateNested,
} from 'class-validator';
import { LIMITS } from './limits.js';
import { DNS1123_SUBDOMAIN, ENV_VAR_NAME } from './grammars.js';
import { Doc, IsPortRef, MatchesGrammar, OptionalListOf } from './validators.js';

export class KeyRef {
  @IsString()
  @MaxLength(253)
  @MatchesGrammar(
    DNS1123_SUBDOMAIN,
    'the name of the Secret or ConfigMap: a DNS-1123 subdomain: lower-case DNS labels separated by "."',
  )
  @Doc("Secret or ConfigMap name in the app's namespace", 'orders-db')
  name: string;

  @IsString()
  @MaxLength(253)
  @MatchesGrammar(/^[-._a-zA-Z0-9]+$/, 'a key ([-._a-zA-Z0-9]+)')
  @Doc('key in it', 'password')
  key: string;

  @IsOptional()
  @IsBoolean()
  @Doc('start the container even when the key is missing')
  optional?: boolean;
}

/** valueFrom: a Secret key or a ConfigMap key (the subclass says how "one of them" is checked). */
export class EnvVarSource {
  @IsObject()
  @ValidateNested()
  @Type(() => KeyRef)
  @Doc('a key of a Secret')
  secretKeyRef?: KeyRef;

  @IsObject()
  @ValidateNested()
  @Type(() => KeyRef)
  @Doc('a key of a ConfigMap')
  configMapKeyRef?: KeyRef;
}

/** An env var's name and literal value; the subclass adds valueFrom (its own source class) and the choice rule. */
export class EnvVar {
  @IsString()
  @MinLength(1)
  @MaxLength(253)
  @MatchesGrammar(
    ENV_VAR_NAME,
    'an environment variable name (letters, digits, "_", "-", ".", not starting with a digit)',
  )
  @Doc('variable name', 'LOG_LEVEL')
  name: string;

  @IsString()
  @MaxLength(32768)
  @Doc('literal value (give value or valueFrom)', 'info')
  value?: string;
}

export class HttpHeader {
  @IsString()
  @MatchesGrammar(/^[-A-Za-z0-9]+$/, 'an HTTP header name')
  @Doc('header name, e.g. X-Probe')
  name: string;

  @IsString()
  @Doc('header value')
  value: string;
}

export class HttpGet {
  @IsOptional()
  @IsString()
  @MatchesGrammar(/^\/\S*$/, 'a path starting with /')
  @Doc('request path (default /)', '/ready')
  path?: string;

  @IsPortRef()
  @Doc('port number or port name', 'http')
  port: number | string;

  @IsOptional()
  @IsIn(['HTTP', 'HTTPS'])
  @Doc('HTTP or HTTPS (HTTPS skips certificate verification, as the kubelet does); omitted: Kubernetes uses HTTP')
  scheme?: 'HTTP' | 'HTTPS';

  @OptionalListOf(() => HttpHeader, LIMITS.probeHeaders)
  @Doc('extra request headers the kubelet sends with the probe')
  httpHeaders?: HttpHeader[];
}

export class TcpSocket {
  @IsPortRef()
  @Doc('port number or port name', 'http')
  port: number | string;
}

export class Exec {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.execItems)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @Doc('command run in the container; exit code 0 is healthy', ['cat', '/tmp/healthy'])
  command: string[];
}

/** A probe's timings; the subclass adds its handlers and the one-handler rule. */
export class ProbeTimings {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3600)
  @Doc("seconds after the container starts before the first check; omitted: Kubernetes' 0")
  initialDelaySeconds?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  @Doc("seconds between checks; omitted: Kubernetes' 10")
  periodSeconds?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  @Doc("seconds a check may take before it counts as failed; omitted: Kubernetes' 1")
  timeoutSeconds?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  @Doc("failed checks in a row before the probe counts as failed; omitted: Kubernetes' 3")
  failureThreshold?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  @Doc('must be 1 for liveness and startup probes')
  successThreshold?: number;
}
