// The preset interface: a preset states its parameters once (a class-validator class, from which
// request validation, the OpenAPI schema, the catalogue and chart values all derive) and adds its
// containers, volumes and config to a pod through the PodBuilder.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested, IsObject } from 'class-validator';
import type { PodBuilder } from '../compose/pod-builder.js';
import type { AppSpec, ResolvedTarget } from '../model/request.js';
import { DNS1123_LABEL } from '../model/names.js';
import { MatchesGrammar } from '../model/validators.js';
import { IMAGE_REFERENCE, IMAGE_REFERENCE_GRAMMAR } from './patterns.js';

export type PresetKind = 'sidecar' | 'ambassador' | 'adapter';

/** The request field that lists presets of each kind. */
export const KIND_FIELD: Record<PresetKind, 'sidecars' | 'ambassadors' | 'adapters'> = {
  sidecar: 'sidecars',
  ambassador: 'ambassadors',
  adapter: 'adapters',
};

export class QuantityMap {
  @IsOptional() @IsString() @Matches(/^([0-9]+(\.[0-9]+)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|e[0-9]+)?$/, { message: '$property must be a Kubernetes quantity such as 100m or 128Mi' })
  cpu?: string;
  @IsOptional() @IsString() @Matches(/^([0-9]+(\.[0-9]+)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|e[0-9]+)?$/, { message: '$property must be a Kubernetes quantity such as 100m or 128Mi' })
  memory?: string;
}

export class HelperResources {
  @IsOptional() @IsObject() @ValidateNested() @Type(() => QuantityMap)
  requests?: QuantityMap;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => QuantityMap)
  limits?: QuantityMap;
}

/** Fields every preset item has. */
export class PresetParams {
  /** which preset (the discriminator) */
  @IsString()
  preset: string;

  /** container name, unique in the pod */
  @IsString() @MinLength(1) @MaxLength(63) @Matches(DNS1123_LABEL, { message: '$property must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit' })
  name: string;

  /** overrides the preset's default image */
  @IsOptional() @IsString() @MinLength(1) @MatchesGrammar(IMAGE_REFERENCE, IMAGE_REFERENCE_GRAMMAR)
  image?: string;

  /** overrides the preset's default requests and limits */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => HelperResources)
  resources?: HelperResources;
}

export interface PresetContext {
  app: AppSpec;
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
