// Where the app's pods run, and what they pull and read, as validated input: imagePullSecrets,
// envFrom, nodeSelector, tolerations, affinity, topologySpreadConstraints and priorityClassName,
// with the Kubernetes names and shapes (core/v1 PodSpec), so a pod spec someone has can be pasted in.
// The Kubernetes API server's own field rules are stated here (enums, ranges, "In needs values"),
// so the request is refused at its pointer rather than the cluster refusing the bundle.
import { Type } from '../model/class-metadata.js';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
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
import { JSONSchema } from 'class-validator-jsonschema';
import { absent, anyOfBranch, setOperatorBranches, type JsonSchema } from '../model/json-schema.js';
import { DNS1123_LABEL, DNS1123_SUBDOMAIN, ENV_VAR_NAME, LABEL_KEY } from '../model/grammars.js';
import { Doc, ExactlyOneOf, MatchesGrammar, OptionalListOf } from '../model/validators.js';
import { LabelSelectorDto } from './workload-companions.js';

const SUBDOMAIN = DNS1123_SUBDOMAIN.what;
/** Kubernetes' own cap on a list in a pod spec is its size; these keep a request reasonable. */
const MAX_ITEMS = 64;
export const TOLERATION_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const;

export class LocalObjectReferenceDto {
  @IsString()
  @MaxLength(253)
  @MatchesGrammar(DNS1123_SUBDOMAIN, SUBDOMAIN)
  @Doc("name of a Secret of type kubernetes.io/dockerconfigjson in the app's namespace", 'regcred')
  name: string;
}

export class EnvFromRefDto {
  @IsString()
  @MaxLength(253)
  @MatchesGrammar(DNS1123_SUBDOMAIN, SUBDOMAIN)
  @Doc("the ConfigMap's or Secret's name, in the app's namespace", 'orders-config')
  name: string;

  @IsOptional()
  @IsBoolean()
  @Doc('start the container even when it does not exist (default false)')
  optional?: boolean;
}

const ENV_FROM = ['configMapRef', 'secretRef'];

export class EnvFromDto {
  @ExactlyOneOf(ENV_FROM, 'an envFrom entry')
  @IsObject()
  @ValidateNested()
  @Type(() => EnvFromRefDto)
  @Doc('every key of this ConfigMap becomes an env var (give configMapRef or secretRef)')
  configMapRef?: EnvFromRefDto;

  @ExactlyOneOf(ENV_FROM, 'an envFrom entry')
  @IsObject()
  @ValidateNested()
  @Type(() => EnvFromRefDto)
  @Doc('every key of this Secret becomes an env var (give configMapRef or secretRef)')
  secretRef?: EnvFromRefDto;

  @IsOptional()
  @IsString()
  @MaxLength(253)
  @MatchesGrammar(ENV_VAR_NAME, 'an environment variable name prefix (letters, digits, "_", "-", ".")')
  @Doc('put before each key to make the variable name (default: none)', 'ORDERS_')
  prefix?: string;
}

const NO_EXECUTE = { effect: { enum: ['NoExecute'] } };

const LABEL_KEY_LISTS = ['matchLabelKeys', 'mismatchLabelKeys'];

// The API server's rules, stated in the schema: Equal needs a key; Exists takes no value;
// tolerationSeconds only with effect NoExecute (core/v1 validateTolerations).
@JSONSchema(((derived: JsonSchema) => ({
  ...derived,
  anyOf: [
    anyOfBranch(
      derived,
      ['key', 'operator', 'value', 'effect'],
      { operator: { enum: ['Equal'] } },
      {
        required: ['key'],
        ...absent(derived, 'tolerationSeconds'),
      },
    ),
    anyOfBranch(
      derived,
      ['key', 'operator', 'value', 'effect', 'tolerationSeconds'],
      { operator: { enum: ['Equal'] }, ...NO_EXECUTE },
      {
        required: ['key', 'effect', 'tolerationSeconds'],
      },
    ),
    anyOfBranch(
      derived,
      ['key', 'operator', 'effect'],
      { operator: { enum: ['Exists'] } },
      {
        required: ['operator'],
        ...absent(derived, 'value', 'tolerationSeconds'),
      },
    ),
    anyOfBranch(
      derived,
      ['key', 'operator', 'effect', 'tolerationSeconds'],
      { operator: { enum: ['Exists'] }, ...NO_EXECUTE },
      {
        required: ['operator', 'effect', 'tolerationSeconds'],
        ...absent(derived, 'value'),
      },
    ),
  ],
})) as never)
export class TolerationDto {
  @IsOptional()
  @IsString()
  @MaxLength(317)
  @MatchesGrammar(LABEL_KEY)
  @Doc('taint key it matches (empty with operator Exists: every taint)', 'dedicated')
  key?: string;

  @IsOptional()
  @IsIn(['Exists', 'Equal'])
  @Doc('Equal (default) matches key and value; Exists matches the key with any value and takes no value')
  operator?: 'Exists' | 'Equal';

  @IsOptional()
  @IsString()
  @MaxLength(63)
  @Doc('taint value it matches (operator Equal)', 'checkout')
  value?: string;

  @IsOptional()
  @IsIn(TOLERATION_EFFECTS)
  @Doc('taint effect it matches: NoSchedule, PreferNoSchedule or NoExecute (default: every effect)', 'NoSchedule')
  effect?: (typeof TOLERATION_EFFECTS)[number];

  @IsOptional()
  @IsInt()
  @Min(0)
  @Doc('with effect NoExecute: seconds the pod stays on a node after the taint appears (default: for ever)')
  tolerationSeconds?: number;
}

// In and NotIn need values, Exists and DoesNotExist take none, Gt and Lt one integer (the API server's rules)
@JSONSchema(((derived: JsonSchema) => ({
  ...derived,
  anyOf: [
    ...setOperatorBranches(derived),
    anyOfBranch(
      derived,
      ['key', 'operator', 'values'],
      {
        operator: { enum: ['Gt', 'Lt'] },
        values: { minItems: 1, maxItems: 1, items: { type: 'string', pattern: '^-?[0-9]+$' } },
      },
      { required: ['values'] },
    ),
  ],
})) as never)
export class NodeSelectorRequirementDto {
  @IsString()
  @MaxLength(317)
  @MatchesGrammar(LABEL_KEY)
  @Doc('node label key (or field name in matchFields)', 'topology.kubernetes.io/zone')
  key: string;

  @IsIn(NODE_OPERATORS)
  @Doc('In and NotIn need values; Exists and DoesNotExist take none; Gt and Lt take one integer')
  operator: (typeof NODE_OPERATORS)[number];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @IsString({ each: true })
  @Doc('label values', ['eu-west-1a'])
  values?: string[];
}

/** matchFields: the API server takes only metadata.name, with In or NotIn and one node name. */
export class NodeFieldRequirementDto {
  @IsIn(['metadata.name'])
  @Doc('the node field: only metadata.name', 'metadata.name')
  key: 'metadata.name';

  @IsIn(['In', 'NotIn'])
  @Doc('In: that node; NotIn: any other node')
  operator: 'In' | 'NotIn';

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1)
  @IsString({ each: true })
  @Doc('the node name (exactly one)', ['node-1'])
  values: string[];
}

export class NodeSelectorTermDto {
  @OptionalListOf(() => NodeSelectorRequirementDto, MAX_ITEMS)
  @Doc('node label expressions that must all hold')
  matchExpressions?: NodeSelectorRequirementDto[];

  @OptionalListOf(() => NodeFieldRequirementDto, MAX_ITEMS)
  @Doc('node name expressions (key metadata.name) that must all hold')
  matchFields?: NodeFieldRequirementDto[];
}

export class NodeSelectorDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => NodeSelectorTermDto)
  @Doc('a node must match one of these terms')
  nodeSelectorTerms: NodeSelectorTermDto[];
}

export class PreferredSchedulingTermDto {
  @IsInt()
  @Min(1)
  @Max(100)
  @Doc('weight of this preference (1-100) among the others', 50)
  weight: number;

  @IsObject()
  @ValidateNested()
  @Type(() => NodeSelectorTermDto)
  @Doc('the nodes preferred')
  preference: NodeSelectorTermDto;
}

export class NodeAffinityDto {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => NodeSelectorDto)
  @Doc('nodes the pod must run on')
  requiredDuringSchedulingIgnoredDuringExecution?: NodeSelectorDto;

  @OptionalListOf(() => PreferredSchedulingTermDto, MAX_ITEMS)
  @Doc('nodes the scheduler prefers, by weight')
  preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTermDto[];
}

// matchLabelKeys and mismatchLabelKeys only beside a labelSelector (the API server's rule); a key in
// both lists or in the selector too is refused at the request (no schema keyword can say it)
@JSONSchema(((derived: JsonSchema) => {
  const members = Object.keys(derived.properties as object);
  return {
    ...derived,
    anyOf: [
      anyOfBranch(derived, members, {}, { required: ['labelSelector'] }),
      anyOfBranch(
        derived,
        members.filter((k) => !LABEL_KEY_LISTS.includes(k)),
        {},
        absent(derived, ...LABEL_KEY_LISTS),
      ),
    ],
  };
}) as never)
export class PodAffinityTermDto {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LabelSelectorDto)
  @Doc('the pods this term is about')
  labelSelector?: LabelSelectorDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LabelSelectorDto)
  @Doc("namespaces of those pods, by label (default: the pod's own namespace, with namespaces)")
  namespaceSelector?: LabelSelectorDto;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @IsString({ each: true })
  @MaxLength(63, { each: true })
  @MatchesGrammar(DNS1123_LABEL, undefined, { each: true })
  @Doc("namespaces of those pods, by name (default: the pod's own)")
  namespaces?: string[];

  @IsString()
  @MaxLength(317)
  @MatchesGrammar(LABEL_KEY)
  @Doc('node label whose value makes a domain: pods "together" share it', 'kubernetes.io/hostname')
  topologyKey: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @IsString({ each: true })
  @MatchesGrammar(LABEL_KEY, undefined, { each: true })
  @Doc('pod label keys whose values, taken from this pod, are added to labelSelector (e.g. pod-template-hash)')
  matchLabelKeys?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @IsString({ each: true })
  @MatchesGrammar(LABEL_KEY, undefined, { each: true })
  @Doc('pod label keys whose values, taken from this pod, must differ (added to labelSelector as NotIn)')
  mismatchLabelKeys?: string[];
}

export class WeightedPodAffinityTermDto {
  @IsInt()
  @Min(1)
  @Max(100)
  @Doc('weight of this preference (1-100) among the others', 100)
  weight: number;

  @IsObject()
  @ValidateNested()
  @Type(() => PodAffinityTermDto)
  @Doc('the pods preferred (or avoided)')
  podAffinityTerm: PodAffinityTermDto;
}

export class PodAffinityDto {
  @OptionalListOf(() => PodAffinityTermDto, MAX_ITEMS)
  @Doc('terms that must hold')
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTermDto[];

  @OptionalListOf(() => WeightedPodAffinityTermDto, MAX_ITEMS)
  @Doc('terms the scheduler prefers, by weight')
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTermDto[];
}

export class AffinityDto {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => NodeAffinityDto)
  @Doc('which nodes the pods run on, by node label')
  nodeAffinity?: NodeAffinityDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PodAffinityDto)
  @Doc('run the pods near other pods (same topology domain)')
  podAffinity?: PodAffinityDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PodAffinityDto)
  @Doc("keep the pods away from other pods, e.g. the app's own replicas on different nodes")
  podAntiAffinity?: PodAffinityDto;
}

// minDomains only with DoNotSchedule, matchLabelKeys only beside a labelSelector (the API server's
// rules): four branches, one per way of keeping both
@JSONSchema(((derived: JsonSchema) => {
  const members = Object.keys(derived.properties as object);
  const withoutMinDomains = members.filter((k) => k !== 'minDomains');
  const doNotSchedule = { whenUnsatisfiable: { enum: ['DoNotSchedule'] } };
  const noKeys = (keep: string[]) => keep.filter((k) => k !== 'matchLabelKeys');
  return {
    ...derived,
    anyOf: [
      anyOfBranch(derived, members, doNotSchedule, { required: ['labelSelector'] }),
      anyOfBranch(derived, noKeys(members), doNotSchedule, absent(derived, 'matchLabelKeys')),
      anyOfBranch(derived, withoutMinDomains, {}, { required: ['labelSelector'], ...absent(derived, 'minDomains') }),
      anyOfBranch(derived, noKeys(withoutMinDomains), {}, absent(derived, 'minDomains', 'matchLabelKeys')),
    ],
  };
}) as never)
export class TopologySpreadConstraintDto {
  @IsInt()
  @Min(1)
  @Max(10000)
  @Doc('most the number of matching pods may differ between two domains', 1)
  maxSkew: number;

  @IsString()
  @MaxLength(317)
  @MatchesGrammar(LABEL_KEY)
  @Doc('node label whose value makes a domain', 'topology.kubernetes.io/zone')
  topologyKey: string;

  @IsIn(['DoNotSchedule', 'ScheduleAnyway'])
  @Doc('DoNotSchedule keeps a pod pending rather than skew more; ScheduleAnyway only prefers', 'ScheduleAnyway')
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LabelSelectorDto)
  @Doc("the pods counted; select the app's own pods (app.kubernetes.io/name and app.kubernetes.io/instance)", {
    matchLabels: { 'app.kubernetes.io/name': 'orders' },
  })
  labelSelector?: LabelSelectorDto;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  @Doc('with DoNotSchedule: the fewest domains counted (default: those that exist)')
  minDomains?: number;

  @IsOptional()
  @IsIn(['Honor', 'Ignore'])
  @Doc("whether the pod's nodeSelector and node affinity limit the domains counted (default Honor)")
  nodeAffinityPolicy?: 'Honor' | 'Ignore';

  @IsOptional()
  @IsIn(['Honor', 'Ignore'])
  @Doc('whether node taints the pod does not tolerate limit the domains counted (default Ignore)')
  nodeTaintsPolicy?: 'Honor' | 'Ignore';

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @IsString({ each: true })
  @MatchesGrammar(LABEL_KEY, undefined, { each: true })
  @Doc('pod label keys whose values, taken from this pod, are added to labelSelector (e.g. pod-template-hash)')
  matchLabelKeys?: string[];
}

export { MAX_ITEMS as MAX_SCHEDULING_ITEMS };
