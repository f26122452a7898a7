import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { BundleRequestDto } from './bundle-request.js';
import { Doc } from '../model/validators.js';
import { ChartOptionsDto } from '../model/chart-options.js';

/** The bundle request, plus what goes into Chart.yaml. */
export class ChartRequestDto extends BundleRequestDto {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ChartOptionsDto)
  @Doc('Chart.yaml metadata: version, appVersion, description')
  chart?: ChartOptionsDto;
}
