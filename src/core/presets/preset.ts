// The preset interface: a preset states its parameters once (a class-validator class, from which
// request validation, the OpenAPI schema, the catalogue and chart values all derive) and adds its
// containers, volumes and config to a pod through the PodBuilder.
import type { PodBuilder } from '../compose/pod-builder.js';
import type { ResolvedTarget } from '../model/request.js';
import type { AppDto } from '../request/app.js';
import type { PresetParams } from '../model/preset-params.js';

export { HelperResources, PresetParams, QuantityMap } from '../model/preset-params.js';

export type PresetKind = 'sidecar' | 'ambassador' | 'adapter';

/** The request field that lists presets of each kind. */
export const KIND_FIELD: Record<PresetKind, 'sidecars' | 'ambassadors' | 'adapters'> = {
  sidecar: 'sidecars',
  ambassador: 'ambassadors',
  adapter: 'adapters',
};

export interface PresetContext {
  app: AppDto;
  target: ResolvedTarget;
  /** JSON Pointer of this item in the request, e.g. /sidecars/0, for errors */
  pointer: string;
}

export interface Preset<P extends PresetParams = PresetParams> {
  kind: PresetKind;
  id: string;
  title: string;
  description: string;
  /** the parameter class: validation, OpenAPI, catalogue and chart values derive from it */
  params: new () => P;
  /** a complete, valid item for docs and tests */
  example: Record<string, unknown>;
  /** adds containers, volumes, config and env to the pod; throws InvalidRequestError for impossible params */
  apply(pod: PodBuilder, params: P, ctx: PresetContext): void;
}
