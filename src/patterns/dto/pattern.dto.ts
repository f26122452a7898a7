import { ApiProperty } from '@nestjs/swagger';

export class PatternDto {
  @ApiProperty({ enum: ['sidecar', 'ambassador', 'adapter'] }) kind: string;
  @ApiProperty({ description: 'the value of `preset` in a request', example: 'log-forwarder' }) id: string;
  @ApiProperty({ example: 'Log forwarder (Fluent Bit)' }) title: string;
  @ApiProperty() description: string;
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
  @ApiProperty({ type: () => [PatternDto] }) patterns: PatternDto[];
}
