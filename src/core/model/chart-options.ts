// What goes into Chart.yaml besides the bundle (ChartRequest.chart): declared once, validated once
// (by the HTTP pipe, or by chartOptions() for a caller of the core).
import { IsOptional, IsString, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { LOWEST_SEMVER, SEMVER } from './grammars.js';
import { validateInput } from './validate-input.js';
import { Doc, MatchesGrammar, Schema } from './validators.js';

export const DEFAULT_CHART_VERSION = '0.1.0';

/** Printable text, not only white space: no control characters (a description may have line breaks). */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const ONE_LINE = /^(?=.*\S)[^\u0000-\u001f\u007f]+$/;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const TEXT = /^(?=[\s\S]*\S)[^\u0000-\u0008\u000b-\u001f\u007f]+$/;

export interface ChartOptions {
  /** SemVer 2 (default 0.1.0) */
  version?: string;
  /** default: the app image's tag */
  appVersion?: string;
  description?: string;
}

export class ChartOptionsDto implements ChartOptions {
  @IsOptional()
  @IsString()
  @MatchesGrammar(SEMVER)
  @ValidateBy({
    name: 'aboveLowestSemver',
    validator: {
      validate: (v: unknown) => typeof v !== 'string' || !LOWEST_SEMVER.test(v),
      defaultMessage: () => 'version must be above 0.0.0-0 (helm lint refuses it)',
    },
  })
  @Schema({ not: { pattern: LOWEST_SEMVER.source } })
  @Doc('chart version; part of the file name', '1.0.0')
  @Schema({ default: DEFAULT_CHART_VERSION })
  version?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  @MatchesGrammar(ONE_LINE, 'one line of printable text, not only white space')
  @Doc('version of the app the chart deploys (default: the app image tag)', '1.4.2')
  appVersion?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  @MatchesGrammar(TEXT, 'printable text, not only white space')
  @Doc(
    'Chart.yaml description (default: the app and its helpers)',
    'Orders service with log forwarding and a payments egress proxy',
  )
  description?: string;
}

/** Chart options as the core takes them: validated here unless the HTTP pipe already did. */
export function chartOptions(options: unknown): ChartOptionsDto | undefined {
  return options === undefined ? undefined : validateInput(ChartOptionsDto, options, '/chart');
}
