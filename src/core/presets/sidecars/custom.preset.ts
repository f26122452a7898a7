// Sidecar: a container the caller describes (image, command, env, ports, probes) plus the shared
// volumes it mounts. It gets the same security defaults as every other helper.
import { Type } from '../../model/class-metadata.js';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import type { IIoK8sApiCoreV1EnvVar as K8sEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IIoK8sApiCoreV1Probe as Probe } from 'kubernetes-models/v1/Probe';
import type { IIoK8sApiCoreV1VolumeMount as VolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { PodBuilder } from '../../compose/pod-builder.js';
import { InvalidRequestError, rootUserRefused, type FieldError } from '../../model/errors.js';
import {
  EnvVar,
  EnvVarSource,
  Exec,
  HttpGet,
  ProbeTimings,
  TcpSocket,
  type KeyRef,
} from '../../model/container-parts.js';
import { DNS1123_LABEL, ABSOLUTE_PATH, IMAGE_REFERENCE } from '../../model/grammars.js';
import { Doc, IsPortName, MatchesGrammar, OptionalListOf } from '../../model/validators.js';
import type { PodSecurityLevel } from '../../model/request.js';
import type { AppDto } from '../../request/app.js';
import { assertPortFree } from '../port-check.js';
import { PresetParams, type Preset } from '../preset.js';
import { REQUEST_DEFAULTS } from '../../model/request-defaults.js';

export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
/** nobody: a safe default for images whose user is unknown */
const DEFAULT_USER = 65534;

// The choices (value or valueFrom, one source, one probe handler) are checked when the container is
// built (toEnvVar, toProbe), so that the error points at the object that has too many or too few.
/** The schema of "exactly one of these members" (checked when the container is built). */
const exactlyOne = (...members: string[]) => ({ oneOf: members.map((m) => ({ required: [m] })) }) as never;

@JSONSchema(exactlyOne('secretKeyRef', 'configMapKeyRef'))
export class CustomEnvSource extends EnvVarSource {
  @IsOptional()
  declare secretKeyRef?: KeyRef;

  @IsOptional()
  declare configMapKeyRef?: KeyRef;
}

@JSONSchema(exactlyOne('value', 'valueFrom'))
export class CustomEnvVar extends EnvVar {
  // a literal value (not for credentials: use valueFrom.secretKeyRef); documented as the app's, one EnvVar shape
  @IsOptional()
  declare value?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomEnvSource)
  @Doc('value from a Secret or ConfigMap key (give value or valueFrom)')
  valueFrom?: CustomEnvSource;
}

export class CustomPort {
  @IsOptional()
  @IsString()
  @IsPortName()
  @Doc('port name, for probes and Services (IANA service name, at most 15 characters)')
  name?: string;

  @IsInt()
  @Min(1)
  @Max(65535)
  @Doc('port the container listens on')
  containerPort: number;

  @IsOptional()
  @IsIn(PROTOCOLS)
  @Doc('TCP, UDP or SCTP')
  protocol: (typeof PROTOCOLS)[number] = 'TCP';
}

export class CustomMount {
  @IsString()
  @MaxLength(63)
  @Matches(DNS1123_LABEL, { message: '$property must be a DNS-1123 label' })
  @Doc("the shared volume's name: an existing volume of the pod (e.g. another helper's), or a new emptyDir")
  volume: string;

  @IsString()
  @Matches(ABSOLUTE_PATH, { message: '$property must be an absolute path' })
  @Doc('where this container sees the volume')
  mountPath: string;

  @IsOptional()
  @IsBoolean()
  @Doc('mount the volume read-only in this container (omitted: writable)')
  readOnly?: boolean;

  @IsOptional()
  @IsString()
  @Matches(ABSOLUTE_PATH, { message: '$property must be an absolute path' })
  @Doc("also mount the volume in the app here (shares the app's volume at that path if it has one)")
  appMountPath?: string;
}

@JSONSchema(exactlyOne('httpGet', 'tcpSocket', 'exec'))
export class CustomProbe extends ProbeTimings {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => HttpGet)
  @Doc('HTTP GET; 2xx/3xx is healthy (give one handler)')
  httpGet?: HttpGet;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TcpSocket)
  @Doc('TCP connect (give one handler)')
  tcpSocket?: TcpSocket;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => Exec)
  @Doc('command (give one handler)')
  exec?: Exec;
}

export class CustomProbes {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomProbe)
  @Doc('holds off the other probes until it passes once')
  startup?: CustomProbe;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomProbe)
  @Doc('takes the pod out of the Service while it fails')
  readiness?: CustomProbe;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomProbe)
  @Doc('restarts the container when it fails')
  liveness?: CustomProbe;
}

// The base class makes image optional (presets have a default); here it is required.
@JSONSchema((schema) => ({ ...schema, required: [...new Set([...(schema.required ?? []), 'image'])] }))
export class CustomSidecarParams extends PresetParams {
  @ValidateIf(() => true)
  @IsDefined()
  @IsString()
  @MinLength(1)
  @MatchesGrammar(IMAGE_REFERENCE)
  @Doc('the container image (required)')
  declare image: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @Doc("replaces the image's entrypoint (Kubernetes command); omitted: the image's")
  command?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(256)
  @IsString({ each: true })
  @Doc("arguments to the entrypoint (Kubernetes args); omitted: the image's")
  args?: string[];

  @OptionalListOf(() => CustomEnvVar, 256)
  @Doc('environment variables of the container, each a literal value or a Secret/ConfigMap key')
  env?: CustomEnvVar[];

  @OptionalListOf(() => CustomPort, 32)
  @Doc('ports the container listens on (container ports)')
  ports?: CustomPort[];

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2147483647)
  @Doc('numeric user the container runs as (a named USER cannot be checked against runAsNonRoot)')
  runAsUser?: number = DEFAULT_USER;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2147483647)
  @Doc('numeric primary group the container runs as')
  runAsGroup?: number = DEFAULT_USER;

  @IsOptional()
  @IsBoolean()
  @Doc('false lets the container write anywhere in its filesystem (prefer writablePaths)')
  readOnlyRootFilesystem?: boolean = true;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(32)
  @Matches(ABSOLUTE_PATH, { each: true, message: 'each of $property must be an absolute path' })
  @Doc('paths the program writes to; each gets its own emptyDir')
  writablePaths?: string[];

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomProbes)
  @Doc('health checks of the container (Kubernetes startup, readiness and liveness probes)')
  probes?: CustomProbes;

  @OptionalListOf(() => CustomMount, 32)
  @Doc('shared volumes this container mounts')
  mounts?: CustomMount[];
}

export const customSidecarPreset: Preset<CustomSidecarParams> = {
  kind: 'sidecar',
  id: 'custom',
  title: 'Custom sidecar',
  description:
    'A container you describe (image, command, args, env, ports, probes, resources) plus the shared volumes it mounts; a volume with appMountPath is shared with the app. Runs as a non-root numeric user with a read-only root filesystem unless told otherwise.',
  params: CustomSidecarParams,
  example: {
    preset: 'custom',
    name: 'uploader',
    image: 'ghcr.io/acme/uploader:2.1.0',
    args: ['--watch', '/data/out'],
    env: [
      { name: 'BUCKET', value: 'reports' },
      { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'uploader', key: 'token' } } },
    ],
    mounts: [{ volume: 'reports', mountPath: '/data/out', readOnly: true, appMountPath: '/var/reports' }],
  },
  apply(pod, p, ctx) {
    const at = (path: string) => `${ctx.pointer}${path}`;
    checkUser(p, ctx.target.podSecurity, at);
    const env = (p.env ?? []).map((e, i) => toEnvVar(e, at(`/env/${i}`)));
    unique(
      (p.env ?? []).map((e) => e.name),
      (i, n) => ({ pointer: at(`/env/${i}/name`), detail: `env var ${n} is set twice` }),
    );

    const ports = (p.ports ?? []).map((port) => ({
      ...(port.name ? { name: port.name } : {}),
      containerPort: port.containerPort,
      protocol: port.protocol,
    }));
    unique(
      (p.ports ?? []).map((x) => x.name),
      (i, n) => ({ pointer: at(`/ports/${i}/name`), detail: `port name "${n}" is used twice` }),
    );
    unique(
      ports.map((x) => `${x.containerPort}/${x.protocol}`),
      (i, n) => ({ pointer: at(`/ports/${i}/containerPort`), detail: `port ${n} is declared twice` }),
    );
    ports.forEach((x, i) => assertPortFree(pod, x.containerPort, x.protocol, at(`/ports/${i}/containerPort`)));

    const volumeMounts = (p.mounts ?? []).map((m, i) => sharedMount(pod, ctx.app, m, at(`/mounts/${i}`)));
    const mountPaths = [...volumeMounts.map((m) => m.mountPath), ...(p.writablePaths ?? [])];
    unique(mountPaths, (i, n) => ({
      pointer: i < volumeMounts.length ? at(`/mounts/${i}/mountPath`) : at(`/writablePaths/${i - volumeMounts.length}`),
      detail: `${n} is mounted twice`,
    }));

    const portNames = new Set(ports.flatMap((x) => (x.name ? [x.name] : [])));
    const probe = (kind: keyof CustomProbes) => {
      const spec = p.probes?.[kind];
      return spec ? toProbe(spec, portNames, at(`/probes/${kind}`)) : undefined;
    };
    const container = pod.addHelper({
      item: p,
      role: 'sidecar',
      image: { image: p.image, runAsUser: p.runAsUser ?? DEFAULT_USER, runAsGroup: p.runAsGroup ?? DEFAULT_USER },
      ...(p.command?.length ? { command: p.command } : {}),
      ...(p.args?.length ? { args: p.args } : {}),
      env,
      ports,
      volumeMounts,
      writablePaths: p.writablePaths ?? [],
      resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
      startupProbe: probe('startup'),
      readinessProbe: probe('readiness'),
      livenessProbe: probe('liveness'),
    });
    const sc = container.securityContext!;
    if (p.readOnlyRootFilesystem === false) sc.readOnlyRootFilesystem = false;
    // Only reachable at podSecurity "baseline" (checkUser refuses it otherwise).
    if (p.runAsUser === 0) sc.runAsNonRoot = false;
  },
};

function checkUser(p: CustomSidecarParams, level: PodSecurityLevel, at: (path: string) => string): void {
  if (p.runAsUser === 0 && level === 'restricted') {
    throw new InvalidRequestError([rootUserRefused(at('/runAsUser'))]);
  }
}

/** Throws on the first value that occurs twice (absent values do not count). */
function unique(values: (string | undefined)[], error: (index: number, value: string) => FieldError): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (v === undefined) return;
    if (seen.has(v)) throw new InvalidRequestError([error(i, v)]);
    seen.add(v);
  });
}

function toEnvVar(e: CustomEnvVar, pointer: string): K8sEnvVar {
  if ((e.value === undefined) === (e.valueFrom === undefined)) {
    throw new InvalidRequestError([{ pointer, detail: 'give exactly one of value or valueFrom' }]);
  }
  if (e.value !== undefined) return { name: e.name, value: e.value };
  const from = e.valueFrom!;
  if ((from.secretKeyRef === undefined) === (from.configMapKeyRef === undefined)) {
    throw new InvalidRequestError([
      { pointer: `${pointer}/valueFrom`, detail: 'give exactly one of secretKeyRef or configMapKeyRef' },
    ]);
  }
  const [field, ref] = from.secretKeyRef
    ? (['secretKeyRef', from.secretKeyRef] as const)
    : (['configMapKeyRef', from.configMapKeyRef!] as const);
  return {
    name: e.name,
    valueFrom: {
      [field]: { name: ref.name, key: ref.key, ...(ref.optional !== undefined ? { optional: ref.optional } : {}) },
    },
  };
}

/**
 * Resolves one shared mount: with appMountPath, the app's volume at that path, else the named pod
 * volume (or a new emptyDir) mounted in the app there; without it, an existing pod volume or claim
 * of that name, or a new emptyDir.
 */
function sharedMount(pod: PodBuilder, app: AppDto, m: CustomMount, pointer: string): VolumeMount {
  let volume = m.volume;
  const claim = app.storage ? (app.storage.name ?? REQUEST_DEFAULTS.storageName) : undefined;
  const appHasPath = pod.main.volumeMounts?.some((x) => x.mountPath === m.appMountPath);
  if (m.appMountPath && !appHasPath && (pod.hasVolume(volume) || volume === claim)) {
    pod.mountInMain({ name: volume, mountPath: m.appMountPath }, `${pointer}/appMountPath`);
  } else if (m.appMountPath) {
    volume = pod.shareWithMain(m.appMountPath, m.volume, `${pointer}/appMountPath`);
  } else if (!pod.hasVolume(volume) && volume !== claim) {
    pod.addVolume({ name: volume, emptyDir: {} });
  }
  return { name: volume, mountPath: m.mountPath, ...(m.readOnly ? { readOnly: true } : {}) };
}

function toProbe(spec: CustomProbe, portNames: Set<string>, pointer: string): Probe {
  const handlers = (['httpGet', 'tcpSocket', 'exec'] as const).filter((h) => spec[h] !== undefined);
  if (handlers.length !== 1) {
    throw new InvalidRequestError([
      {
        pointer,
        detail: `a probe needs exactly one of httpGet, tcpSocket or exec${handlers.length ? ` (got ${handlers.join(', ')})` : ''}`,
      },
    ]);
  }
  const port = spec.httpGet?.port ?? spec.tcpSocket?.port;
  if (typeof port === 'string' && !portNames.has(port)) {
    throw new InvalidRequestError([
      {
        pointer: `${pointer}/${handlers[0]}/port`,
        detail: `no port named "${port}" in this container's ports${portNames.size ? ` (${[...portNames].join(', ')})` : ''}`,
      },
    ]);
  }
  return JSON.parse(JSON.stringify(spec)) as Probe;
}
