// app.autoscaling and app.networkPolicy as validated input, declared once, here. Cross-field rules
// (min <= max, requests for the metrics, peers, CIDR ranges) are the core's, which answers them
// with pointers too.
import { Type } from '../model/class-metadata.js';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { EgressMode, Protocol } from '../model/request.js';
import { JSONSchema } from 'class-validator-jsonschema';
import { setOperatorBranches, type JsonSchema } from '../model/json-schema.js';
import { IPV4_ADDRESS, IPV6_ADDRESS, LABEL_KEY, LABEL_VALUE } from '../model/grammars.js';
import { Doc, IsStringMap, MatchesGrammar, OptionalListOf } from '../model/validators.js';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
/** IPv4 or IPv6 address, "/" and a prefix length (0-32, 0-128). */
const CIDR = new RegExp(`^(${IPV4_ADDRESS}/(3[0-2]|[12]?[0-9])|(${IPV6_ADDRESS})/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))$`);
const A_CIDR = 'a CIDR such as 10.0.0.0/8 or 2001:db8::/32';
const MAX_PEERS = 32;

export class ScalingRulesDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3600)
  @Doc(
    'seconds of past recommendations the HPA considers before scaling in this direction; Kubernetes defaults to 0 for scaleUp and 300 for scaleDown',
    300,
  )
  stabilizationWindowSeconds?: number;
}

export class ScalingBehaviorDto {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ScalingRulesDto)
  @Doc('scaling up')
  scaleUp?: ScalingRulesDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ScalingRulesDto)
  @Doc('scaling down (a longer window avoids flapping after a spike)')
  scaleDown?: ScalingRulesDto;
}

// at least one metric
@JSONSchema({
  anyOf: [{ required: ['targetCPUUtilizationPercentage'] }, { required: ['targetMemoryUtilizationPercentage'] }],
} as never)
export class AutoscalingDto {
  @IsInt()
  @Min(1)
  @Max(10000)
  @Doc('fewest pods; more than 1 adds a PodDisruptionBudget', 2)
  minReplicas: number;

  @IsInt()
  @Min(1)
  @Max(10000)
  @Doc('most pods (at least minReplicas)', 10)
  maxReplicas: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  @Doc(
    'target average CPU use of the app container, in percent of its CPU request (needs app.resources.requests.cpu); give this and/or the memory target',
    70,
  )
  targetCPUUtilizationPercentage?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  @Doc(
    'target average memory use of the app container, in percent of its memory request (needs app.resources.requests.memory)',
    80,
  )
  targetMemoryUtilizationPercentage?: number;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ScalingBehaviorDto)
  @Doc("stabilization windows of the HPA's scaling behavior")
  behavior?: ScalingBehaviorDto;
}

// In and NotIn need values, Exists and DoesNotExist take none (the API server's rule, in the schema)
@JSONSchema(((derived: JsonSchema) => ({ ...derived, anyOf: setOperatorBranches(derived) })) as never)
export class LabelSelectorRequirementDto {
  @IsString()
  @MaxLength(317)
  @MatchesGrammar(LABEL_KEY)
  @Doc('label key', 'team')
  key: string;

  @IsIn(OPERATORS)
  @Doc('In and NotIn need values; Exists and DoesNotExist take none')
  operator: (typeof OPERATORS)[number];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @MaxLength(63, { each: true })
  @MatchesGrammar(LABEL_VALUE, undefined, { each: true })
  @Doc('label values', ['checkout'])
  values?: string[];
}

export class LabelSelectorDto {
  @IsOptional()
  @IsStringMap('labels')
  @Doc('labels that must all match ({} or no field selects everything)', {
    'kubernetes.io/metadata.name': 'monitoring',
  })
  matchLabels?: Record<string, string>;

  @OptionalListOf(() => LabelSelectorRequirementDto, 16)
  @Doc('label expressions that must all hold')
  matchExpressions?: LabelSelectorRequirementDto[];
}

export class IpBlockDto {
  @IsString()
  @MaxLength(64)
  @MatchesGrammar(CIDR, A_CIDR)
  @Doc("addresses outside the cluster's pods, e.g. a database subnet", '10.20.0.0/16')
  cidr: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(32)
  @IsString({ each: true })
  @MatchesGrammar(CIDR, A_CIDR, { each: true })
  @Doc('smaller ranges inside cidr to leave out')
  except?: string[];
}

// pods (by namespace and/or pod labels) or an IP block: exactly one of the two kinds
@JSONSchema({
  oneOf: [{ required: ['ipBlock'] }, { anyOf: [{ required: ['namespaceSelector'] }, { required: ['podSelector'] }] }],
} as never)
export class NetworkPeerDto {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LabelSelectorDto)
  @Doc(
    "namespaces by label (a namespace's name is its kubernetes.io/metadata.name label); with podSelector: those pods in those namespaces",
  )
  namespaceSelector?: LabelSelectorDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LabelSelectorDto)
  @Doc("pods by label (alone: in the app's namespace)")
  podSelector?: LabelSelectorDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => IpBlockDto)
  @Doc('an IP range; not combined with selectors in one peer')
  ipBlock?: IpBlockDto;
}

export class NetworkPortDto {
  @IsInt()
  @Min(1)
  @Max(65535)
  @Doc('destination port', 5432)
  port: number;

  @IsOptional()
  @IsIn(PROTOCOLS)
  @Doc('default TCP')
  protocol?: Protocol;
}

export class EgressRuleDto {
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PEERS)
  @ValidateNested({ each: true })
  @Type(() => NetworkPeerDto)
  @Doc('destinations (default: any)')
  to?: NetworkPeerDto[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(64)
  @ValidateNested({ each: true })
  @Type(() => NetworkPortDto)
  @Doc('destination ports')
  ports: NetworkPortDto[];
}

export class NetworkPolicyDto {
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PEERS)
  @ValidateNested({ each: true })
  @Type(() => NetworkPeerDto)
  @Doc("who may reach the app's Service ports (default: anyone)", [
    { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
  ])
  ingressFrom?: NetworkPeerDto[];

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PEERS)
  @ValidateNested({ each: true })
  @Type(() => NetworkPeerDto)
  @Doc("who may reach the adapters' metrics ports (default: the namespace named monitoring)", [
    { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
  ])
  metricsFrom?: NetworkPeerDto[];

  @IsOptional()
  @IsIn(['allow', 'restricted'])
  @Doc(
    "allow (default): outgoing traffic is not restricted; restricted: only DNS, what the helpers connect to (ambassador upstreams and servers, log outputs, git remotes) and extraEgress. A custom sidecar's destinations, and the app's own beyond its ambassadors, go in extraEgress",
    'restricted',
  )
  egress?: EgressMode;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PEERS)
  @ValidateNested({ each: true })
  @Type(() => NetworkPeerDto)
  @Doc(
    'with restricted egress: where DNS queries (port 53, UDP and TCP) may go (default: kube-dns pods in kube-system; e.g. an ipBlock for NodeLocal DNSCache)',
  )
  dnsTo?: NetworkPeerDto[];

  @OptionalListOf(() => EgressRuleDto, 32)
  @Doc("with restricted egress: more destinations, e.g. the app's own database", [
    { to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ port: 5432 }] },
  ])
  extraEgress?: EgressRuleDto[];
}
