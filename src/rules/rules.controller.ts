import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Produces } from '../common/media-types.js';
import { ApiProblems } from '../common/problem.js';
import { ALL_RULES, findRule } from '../core/rules/index.js';
import { rulePage, ruleSummary } from '../core/rules/rule-page.js';
import { RuleListDto, RulePageDto } from './dto/rule.dto.js';

export const RULES_PATH = '/v1/rules/';

@ApiTags('rules')
@Controller('v1/rules')
@Produces('application/json')
export class RulesController {
  @Get()
  @ApiOperation({
    operationId: 'listRules',
    summary: 'The validation rules',
    description: 'Every rule the validator (and the bundle generator) runs, by layer.',
  })
  @ApiOkResponse({ type: RuleListDto, description: 'every rule' })
  @ApiProblems(406)
  list(): RuleListDto {
    return { rules: ALL_RULES.map((r) => ({ ...ruleSummary(r), href: `${RULES_PATH}${r.id}` })) };
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getRule',
    summary: "A rule's page",
    description:
      'What the rule checks, why, a failing and a passing example (both run by the tests), and tools with the same check.',
  })
  @ApiParam({ name: 'id', description: "rule id, as in a finding's `rule`", example: 'container.volume-mount' })
  @ApiOkResponse({ type: RulePageDto, description: "the rule's page" })
  @ApiProblems(404, 406)
  get(@Param('id') id: string): RulePageDto {
    const rule = findRule(id);
    if (!rule)
      throw new NotFoundException(`unknown rule ${JSON.stringify(id)}; GET ${RULES_PATH.slice(0, -1)} lists them`);
    return { ...rulePage(rule), href: `${RULES_PATH}${rule.id}` };
  }
}
