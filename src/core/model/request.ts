// The bundle request's shared vocabulary: enumerations, the preset item's common members, the
// resolved target and the supported versions. The request's shape itself is declared once, by the
// class-validator classes in core/request (app, target, autoscaling, NetworkPolicy) and
// core/input (the whole request with its preset items).

export type WorkloadKind = 'Deployment' | 'StatefulSet';
export type PodSecurityLevel = 'restricted' | 'baseline';
export type NativeSidecarMode = 'auto' | 'always' | 'never';
export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type IngressPathType = 'Prefix' | 'Exact' | 'ImplementationSpecific';

export type EgressMode = 'allow' | 'restricted';

/** Every preset item has these; the rest is the preset's own parameters. */
export interface PresetItem {
  preset: string;
  name: string;
  [param: string]: unknown;
}

export interface ResolvedTarget {
  kubernetesVersion: string;
  /** minor version number, e.g. 33 for "1.33" */
  minor: number;
  podSecurity: PodSecurityLevel;
  nativeSidecars: NativeSidecarMode;
  /** whether this bundle places sidecars/ambassadors as native sidecars */
  useNativeSidecars: boolean;
  registryMirror?: string;
}

export const SUPPORTED_VERSIONS = ['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35'] as const;
export const DEFAULT_KUBERNETES_VERSION = '1.33';
/** First minor with native sidecars on by default (beta, KEP-753). */
export const NATIVE_SIDECARS_MINOR = 29;
