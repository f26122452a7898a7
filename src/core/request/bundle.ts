// What the layers below the preset registry read of a bundle request: the app and target classes of
// this layer and the preset items as validation left them. The request is declared once, by
// BundleRequestDto (core/input), which implements this view; the bundle is composed only from a
// BundleRequestDto, so every request the core composes has been validated.
import type { PresetItem } from '../model/request.js';
import type { AppDto } from './app.js';
import type { TargetDto } from './target.js';

export interface BundleRequest {
  app: AppDto;
  sidecars?: PresetItem[];
  ambassadors?: PresetItem[];
  adapters?: PresetItem[];
  target?: TargetDto;
}
