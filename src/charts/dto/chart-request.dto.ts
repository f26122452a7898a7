import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { BundleRequestDto } from '../../core/input/bundle-request.js';
import { Doc } from '../../common/validators.js';
import type { ChartRequest } from '../../core/render/chart/chart-builder.js';
import { ChartOptionsDto } from '../../core/model/chart-options.js';

/** The bundle request, plus what goes into Chart.yaml. */
export class ChartRequestDto extends BundleRequestDto implements ChartRequest {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ChartOptionsDto)
  @Doc('Chart.yaml metadata: version, appVersion, description')
  chart?: ChartOptionsDto;
}
