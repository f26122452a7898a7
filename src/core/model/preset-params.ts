// Fields every preset item has, below the presets and the pod builder that both read them.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { DNS1123_LABEL, IMAGE_REFERENCE, NONNEGATIVE_QUANTITY } from './grammars.js';
import { MatchesGrammar } from './validators.js';

export class QuantityMap {
  @IsOptional()
  @IsString()
  @MatchesGrammar(NONNEGATIVE_QUANTITY)
  cpu?: string;
  @IsOptional()
  @IsString()
  @MatchesGrammar(NONNEGATIVE_QUANTITY)
  memory?: string;
}

export class HelperResources {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => QuantityMap)
  requests?: QuantityMap;
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => QuantityMap)
  limits?: QuantityMap;
}

/** Fields every preset item has. */
export class PresetParams {
  /** which preset (the discriminator) */
  @IsString()
  preset: string;

  /** container name, unique in the pod */
  @IsString()
  @MinLength(1)
  @MaxLength(63)
  @MatchesGrammar(DNS1123_LABEL)
  name: string;

  /** overrides the preset's default image */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MatchesGrammar(IMAGE_REFERENCE)
  image?: string;

  /** overrides the preset's default requests and limits */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => HelperResources)
  resources?: HelperResources;
}
