import { ApiProperty } from '@nestjs/swagger';

const LAYERS = [
  'parse',
  'schema',
  'bundle',
  'metadata',
  'pod',
  'workload',
  'service',
  'references',
  'pod-security',
  'best-practice',
  'pattern',
];

export class RuleSummaryDto {
  @ApiProperty({ example: 'container.volume-mount', description: 'stable, dotted, lower-case rule id' }) id: string;
  @ApiProperty({ enum: LAYERS, description: 'what the rule looks at (the engine runs the layers in this order)' })
  layer: string;
  @ApiProperty({
    enum: ['error', 'warning', 'info'],
    description: 'default severity; some findings of a rule are raised at another one',
  })
  severity: string;
  @ApiProperty({
    description: 'one line saying what the rule checks',
    example: 'Every volumeMount names a volume of the pod, mountPaths are unique, subPaths stay inside the volume',
  })
  title: string;
  @ApiProperty({ example: '/v1/rules/container.volume-mount', description: "the rule's page" }) href: string;
}

export class RuleListDto {
  @ApiProperty({
    type: () => [RuleSummaryDto],
    description: 'every rule, in the order the engine runs them (by layer)',
  })
  rules: RuleSummaryDto[];
}

export class RuleCaseDto {
  @ApiProperty({
    example: 'a workload whose pod template has labels but no spec still counts',
    description: 'what the pair shows',
  })
  about: string;
  @ApiProperty({ description: 'a manifest (YAML) that raises the rule' }) failing: string;
  @ApiProperty({ description: 'the same manifest, fixed' }) passing: string;
}

export class RuleExamplesDto {
  @ApiProperty({ description: 'a manifest (YAML) that raises the rule' }) failing: string;
  @ApiProperty({ description: 'the same manifest, fixed' }) passing: string;
  @ApiProperty({ example: '1.33', description: 'the Kubernetes version the examples are checked at' })
  kubernetesVersion: string;
  @ApiProperty({ enum: ['restricted', 'baseline'], description: 'the Pod Security level the examples are checked at' })
  podSecurity: string;
  @ApiProperty({
    type: () => [RuleCaseDto],
    description: 'further pairs, for shapes the main one does not show (often empty)',
  })
  more: RuleCaseDto[];
}

export class RulePageDto extends RuleSummaryDto {
  @ApiProperty({ description: 'what the rule checks and why it matters' }) rationale: string;
  @ApiProperty({ type: [String], description: 'well-known tools with the same or a similar check' }) seeAlso: string[];
  @ApiProperty({
    type: () => RuleExamplesDto,
    description: 'a failing and a passing manifest, both checked by the test suite',
  })
  examples: RuleExamplesDto;
}
