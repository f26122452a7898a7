// Fields every preset item has, below the presets and the pod builder that both read them.
import 'reflect-metadata';
import { Type } from './class-metadata.js';
import { IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { DNS1123_LABEL, IMAGE_REFERENCE, NONNEGATIVE_QUANTITY } from './grammars.js';
import { MatchesGrammar, Doc } from './validators.js';

export class QuantityMap {
  @IsOptional()
  @IsString()
  @MatchesGrammar(NONNEGATIVE_QUANTITY)
  @Doc('CPU as a Kubernetes quantity, e.g. 100m (a tenth of a core)')
  cpu?: string;
  @IsOptional()
  @IsString()
  @MatchesGrammar(NONNEGATIVE_QUANTITY)
  @Doc('memory as a Kubernetes quantity, e.g. 64Mi')
  memory?: string;
}

export class HelperResources {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => QuantityMap)
  @Doc(
    "what the scheduler reserves for each of the helper's containers (Kubernetes resources.requests); omitted: the preset's own",
  )
  requests?: QuantityMap;
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => QuantityMap)
  @Doc("the most each of the helper's containers may use (Kubernetes resources.limits); omitted: the preset's own")
  limits?: QuantityMap;
}

/** Fields every preset item has. */
export class PresetParams {
  @IsString()
  @Doc('which preset (the discriminator)')
  preset: string;

  @IsString()
  @MinLength(1)
  @MaxLength(63)
  @MatchesGrammar(DNS1123_LABEL)
  @Doc('container name, unique in the pod')
  name: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MatchesGrammar(IMAGE_REFERENCE)
  @Doc("overrides the preset's default image")
  image?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => HelperResources)
  @Doc("overrides the preset's default requests and limits")
  resources?: HelperResources;
}
