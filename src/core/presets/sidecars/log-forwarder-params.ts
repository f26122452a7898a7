// The log-forwarder's parameters, apart from the preset so that both engines (Fluent Bit, Fluentd) can
// read them without importing each other.
import { Type } from '../../model/class-metadata.js';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Doc } from '../../model/validators.js';
import { PresetParams } from '../preset.js';
import { SecretKeyRef } from '../secret-ref.js';
import { ABSOLUTE_PATH, HOSTNAME } from '../../model/grammars.js';
import { BUFFER_SIZE, DEFAULT_BUFFER_SIZE } from './fluent-bit-buffer.js';

export const LOG_OUTPUT_TYPES = ['stdout', 'forward', 'elasticsearch', 'opensearch', 'loki', 'http'] as const;
export const LOG_PARSERS = ['none', 'json', 'logfmt', 'regex'] as const;

export class LogOutput {
  @IsIn(LOG_OUTPUT_TYPES)
  @Doc('where the records go')
  type: (typeof LOG_OUTPUT_TYPES)[number];

  @ValidateIf((o: LogOutput) => o.type !== 'stdout')
  @IsString()
  @Matches(HOSTNAME, { message: '$property must be a host name or IP address, without scheme or port' })
  @Doc('host of the collector (every type but stdout)')
  host?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  @Doc(
    'port of the collector (default: 24224 forward, 9200 elasticsearch/opensearch, 3100 loki, 80 http or 443 http with tls)',
  )
  port?: number;

  @IsOptional()
  @IsBoolean()
  @Doc('use TLS to reach the collector (verification on)')
  tls?: boolean;

  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]*$/, { message: '$property must be a lower-case index name' })
  @Doc('elasticsearch / opensearch index (default: the app name)')
  index?: string;

  @IsOptional()
  @IsString()
  @Matches(/^\/[^\s]*$/, { message: '$property must be a path starting with /' })
  @Doc('http output: request path (default /)')
  uri?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[^\s]+$/)
  @MaxLength(256)
  @Doc('basic-auth user for elasticsearch, opensearch, loki and http')
  user?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SecretKeyRef)
  @Doc('password from a Secret (never inline)')
  passwordSecret?: SecretKeyRef;
}

/** Which log files Fluent Bit tails and how it parses them; shared with the log-normalizer adapter. */
export class TailedLogParams extends PresetParams {
  @IsOptional()
  @IsString()
  @Matches(ABSOLUTE_PATH, { message: '$property must be an absolute path' })
  @Doc('directory the app writes its log files to; shared through an emptyDir')
  logDir: string = '/var/log/app';

  @IsOptional()
  @IsString()
  @Matches(/^[^\s/]+$/, { message: '$property must be a file name pattern such as *.log' })
  @Doc('file pattern inside logDir')
  glob: string = '*.log';

  @IsOptional()
  @IsIn(LOG_PARSERS)
  @Doc('how each line is parsed before it is shipped')
  parser: (typeof LOG_PARSERS)[number] = 'none';

  @ValidateIf((o: TailedLogParams) => o.parser === 'regex')
  // one config line, trimmed by Fluent Bit's reader: the single-field part of checkRegex
  @IsString()
  @MaxLength(2048)
  @Matches(/^\S(?:[^\r\n]*\S)?$/, {
    message: '$property must be one line without white space at either end (use \\s or \\x20 there)',
  })
  @Doc(
    'with parser "regex": a regular expression with named groups, e.g. ^(?<time>[^ ]+) (?<level>\\w+) (?<message>.*)$',
  )
  regex?: string;

  @IsOptional()
  @IsInt()
  @Min(1024)
  @Max(65535)
  @Doc("Fluent Bit's HTTP server port (health and metrics)")
  httpPort: number = 2020;
}

export class LogForwarderParams extends TailedLogParams {
  @IsObject()
  @ValidateNested()
  @Type(() => LogOutput)
  @Doc('where the records go')
  output: LogOutput;

  /**
   * the program: Fluent Bit (default) or Fluentd (outputs stdout, forward, http; parsers none,
   * json, regex; health on httpPort)
   */
  @IsOptional()
  @IsIn(['fluent-bit', 'fluentd'])
  @Doc(
    'the program: Fluent Bit or Fluentd. With Fluentd only output types stdout, forward and http and parsers none, json and regex (a regex without "#") are accepted',
    'fluent-bit',
  )
  engine?: 'fluent-bit' | 'fluentd' = 'fluent-bit';

  @IsOptional()
  @IsString()
  @Matches(BUFFER_SIZE, { message: '$property must be a size in Mi or Gi, e.g. 256Mi or 2Gi' })
  @Doc(
    'size of the on-disk buffer that holds the logs while the output is unreachable (an emptyDir sizeLimit, Mi or Gi; not used by stdout)',
  )
  bufferSize?: string = DEFAULT_BUFFER_SIZE;
}
