import type { Finding } from './finding.js';

export type Role = 'main' | 'sidecar' | 'ambassador' | 'adapter';

/** A Kubernetes object as plain JSON (apiVersion, kind, metadata, ...). */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
};

export interface ContainerSummary {
  name: string;
  role: Role;
  preset?: string;
  /** where the container sits: containers, initContainers (one-shot) or initContainers as native sidecar */
  placement: 'container' | 'init' | 'native-sidecar';
}

export interface Bundle {
  manifests: K8sObject[];
  findings: Finding[];
  summary: {
    workload: { kind: string; name: string };
    containers: ContainerSummary[];
  };
}
