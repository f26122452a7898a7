import { ApiProperty } from '@nestjs/swagger';

export class PatternDto {
  @ApiProperty({
    enum: ['sidecar', 'ambassador', 'adapter'],
    description: 'the pattern: a request lists it under sidecars, ambassadors or adapters',
  })
  kind: string;
  @ApiProperty({ description: 'the value of `preset` in a request', example: 'log-forwarder' }) id: string;
  @ApiProperty({ example: 'Log forwarder (Fluent Bit)', description: 'short name' }) title: string;
  @ApiProperty({ description: 'what it adds to the pod and what it needs from the app' }) description: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'JSON Schema (draft 2020-12) of an item of this preset, with `preset` fixed to its id',
  })
  parameters: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'a complete, valid item' })
  example: Record<string, unknown>;
}

export class PatternListDto {
  @ApiProperty({ type: () => [PatternDto], description: 'sidecars, then ambassadors, then adapters' })
  patterns: PatternDto[];
}
