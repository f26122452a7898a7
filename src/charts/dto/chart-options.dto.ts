import { IsOptional, IsString, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { Doc, MatchesGrammar, Schema } from '../../common/validators.js';
import { DEFAULT_CHART_VERSION, LOWEST_SEMVER, SEMVER, type ChartOptions } from '../../core/render/chart/chart-builder.js';

/** Printable text: no control characters (a description may have line breaks). */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const ONE_LINE = /^[^\u0000-\u001f\u007f]+$/;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const TEXT = /^[^\u0000-\u0008\u000b-\u001f\u007f]+$/;

export class ChartOptionsDto implements ChartOptions {
  @IsOptional() @IsString() @MatchesGrammar(SEMVER, 'a SemVer 2 version such as 0.1.0 or 1.2.3-rc.1')
  @ValidateBy({ name: 'aboveLowestSemver', validator: { validate: (v: unknown) => typeof v !== 'string' || !LOWEST_SEMVER.test(v), defaultMessage: () => 'version must be above 0.0.0-0 (helm lint refuses it)' } })
  @Schema({ not: { pattern: LOWEST_SEMVER.source } })
  @Doc(`chart version (default ${DEFAULT_CHART_VERSION}); part of the file name`, '1.0.0')
  version?: string;

  @IsOptional() @IsString() @MinLength(1) @MaxLength(128) @MatchesGrammar(ONE_LINE, 'one line of printable text')
  @Doc('version of the app the chart deploys (default: the app image tag)', '1.4.2')
  appVersion?: string;

  @IsOptional() @IsString() @MinLength(1) @MaxLength(1024) @MatchesGrammar(TEXT, 'printable text')
  @Doc('Chart.yaml description (default: the app and its helpers)', 'Orders service with log forwarding and a payments egress proxy')
  description?: string;
}
