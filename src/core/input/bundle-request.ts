// The bundle request as validated input: the HTTP pipe checks a body against BundleRequestDto; a
// caller of the core that skips the HTTP edge calls validateBundleRequest() first, once.
import { Type } from '../model/class-metadata.js';
import { IsDefined, IsObject, IsOptional, ValidateNested } from 'class-validator';
import type { PresetItem } from '../model/request.js';
import type { BundleRequest } from '../request/bundle.js';
import { validateInput } from '../model/validate-input.js';
import { Doc } from '../model/validators.js';
import { AppDto } from '../request/app.js';
import { PresetItems } from './preset-items.js';
import { TargetDto } from '../request/target.js';

export class BundleRequestDto implements BundleRequest {
  /**
   * Only validation makes one (the HTTP pipe, validateBundleRequest()): to the type checker a plain
   * object is not a BundleRequestDto, so the core composes no request that skipped validation.
   */
  declare private readonly validated: true;

  @IsDefined({ message: 'app is required: the description of the application (name, image, ports, ...)' })
  @IsObject()
  @ValidateNested()
  @Type(() => AppDto)
  @Doc('the application: its workload, ports, env, probes, storage')
  app: AppDto;

  @PresetItems('sidecar', 'helpers that extend the app (log forwarding, content sync, ...), discriminated by preset')
  sidecars?: PresetItem[];

  @PresetItems('ambassador', 'local proxies the app talks to instead of remote services, discriminated by preset')
  ambassadors?: PresetItem[];

  @PresetItems(
    'adapter',
    'helpers that present the app to the outside in a standard form (metrics, ...), discriminated by preset',
  )
  adapters?: PresetItem[];

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TargetDto)
  @Doc('the cluster the bundle is made for')
  target?: TargetDto;
}

/** The one validation of a bundle request outside the HTTP edge (the pipe's own rules and messages). */
export function validateBundleRequest(body: unknown): BundleRequestDto {
  return validateInput(BundleRequestDto, body);
}
