import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/problem.js';
import { Produces } from '../common/media-types.js';
import { unknownPresetDetail } from '../core/presets/params.js';
import { findPreset } from '../core/presets/registry.js';
import { PatternDto, PatternListDto } from './dto/pattern.dto.js';
import { catalogue, kindOf, PATTERN_KINDS, patternOf } from './pattern-catalogue.js';

@ApiTags('patterns')
@Controller('v1/patterns')
@Produces('application/json')
export class PatternsController {
  @Get()
  @ApiOperation({
    operationId: 'listPatterns',
    summary: 'The catalogue: every preset with its parameter schema and an example',
    description:
      'Every preset a bundle request can name under `sidecars`, `ambassadors` or `adapters`: its kind, id (the value of `preset`), title, description, the JSON Schema of its parameters and a complete example item.',
  })
  @ApiOkResponse({
    type: PatternListDto,
    description: 'every registered preset, sidecars first, then ambassadors, then adapters',
  })
  @ApiProblems(406)
  list(): PatternListDto {
    return { patterns: catalogue() };
  }

  @Get(':kind/:preset')
  @ApiOperation({
    operationId: 'getPattern',
    summary: 'One preset',
    description: 'The catalogue entry of one preset; 404 naming the presets of that kind when there is no such preset.',
  })
  @ApiParam({
    name: 'kind',
    enum: PATTERN_KINDS,
    description: 'also accepted in the plural (sidecars, ambassadors, adapters)',
  })
  @ApiParam({ name: 'preset', description: 'preset id', example: 'log-forwarder' })
  @ApiOkResponse({ type: PatternDto, description: 'the preset' })
  @ApiProblems(404, 406)
  get(@Param('kind') kindText: string, @Param('preset') id: string): PatternDto {
    const kind = kindOf(kindText);
    if (!kind)
      throw new NotFoundException(
        `unknown pattern kind ${JSON.stringify(kindText)}; kinds: ${PATTERN_KINDS.join(', ')}`,
      );
    const preset = findPreset(kind, id);
    if (!preset) throw new NotFoundException(unknownPresetDetail(kind, id));
    return patternOf(preset);
  }
}
