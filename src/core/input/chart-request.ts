import { Type } from '../model/class-metadata.js';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { BundleRequestDto } from './bundle-request.js';
import { Doc } from '../model/validators.js';
import { ChartOptionsDto } from '../model/chart-options.js';
import { validateInput } from '../model/validate-input.js';

/** The bundle request, plus what goes into Chart.yaml. */
export class ChartRequestDto extends BundleRequestDto {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ChartOptionsDto)
  @Doc('Chart.yaml metadata: version, appVersion, description')
  chart?: ChartOptionsDto;
}

/** The one validation of a chart request outside the HTTP edge (the pipe's own rules and messages). */
export function validateChartRequest(body: unknown): ChartRequestDto {
  return validateInput(ChartRequestDto, body);
}
