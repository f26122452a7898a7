// app.ingress and app.httpRoute as validated input: how clients outside the cluster reach the app's
// Service. The ports are resolved against the Service (and a TLS host checked against the hosts) by
// the generator, which answers with pointers too. Lists are capped where Gateway API caps them (16
// hostnames, 16 rules, 32 parentRefs), the Ingress ones likewise.
import { isIP } from 'node:net';
import { Type } from '../model/class-metadata.js';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import type { IngressPathType } from '../model/request.js';
import { ABSOLUTE_PATH, DNS1123_LABEL, DNS1123_SUBDOMAIN, WILDCARD_DNS1123_SUBDOMAIN } from '../model/grammars.js';
import {
  Doc,
  IsPortRef,
  IsStringMap,
  MatchesGrammar,
  OptionalListOf,
  Schema,
  SchemaFrom,
  UniqueBy,
} from '../model/validators.js';

export const INGRESS_PATH_TYPES = ['Prefix', 'Exact', 'ImplementationSpecific'] as const;
export const DEFAULT_ROUTE_PATH = '/';
export const DEFAULT_PATH_TYPE: IngressPathType = 'Prefix';
const MAX_HOSTS = 32;
const MAX_PATHS = 32;
const MAX_PARENT_REFS = 32;
const MAX_HOSTNAMES = 16;
const MAX_RULES = 16;
const PORT_DOC =
  "the Service port, by name or number (default: the port a reverse-proxy ambassador serves on the Service, else the Service's first port)";

/** A host name: a (wildcard) DNS-1123 subdomain of at most 253 characters, never an IP address. */
function IsHostName(each = false): PropertyDecorator {
  const grammar = MatchesGrammar(WILDCARD_DNS1123_SUBDOMAIN, WILDCARD_DNS1123_SUBDOMAIN.what, { each });
  const notIp = ValidateBy(
    {
      name: 'notIpAddress',
      validator: {
        validate: (v: unknown) => typeof v !== 'string' || isIP(v) === 0,
        defaultMessage: () => '$property must be a host name, not an IP address (Kubernetes refuses an IP here)',
      },
    },
    { each },
  );
  const length = MaxLength(253, { each });
  // (the converter takes a custom rule on each item for an item $ref to "Array")
  const schema = SchemaFrom(({ items, ...derived }) => {
    const { $ref: _, ...item } = items as Record<string, unknown>;
    return { ...derived, items: item };
  });
  return (target, key) => {
    grammar(target, key);
    notIp(target, key);
    length(target, key);
    if (each) schema(target, key);
  };
}

export class IngressPathDto {
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @MatchesGrammar(ABSOLUTE_PATH, 'a path starting with "/"')
  @Doc('request path the rule matches', '/api')
  @Schema({ default: DEFAULT_ROUTE_PATH })
  path?: string;

  @IsOptional()
  @IsIn(INGRESS_PATH_TYPES)
  @Doc('how path matches: Prefix (by path element), Exact, or as the Ingress controller decides')
  @Schema({ default: DEFAULT_PATH_TYPE })
  pathType?: IngressPathType;

  @IsOptional()
  @IsPortRef()
  @Doc(PORT_DOC, 'http')
  port?: number | string;
}

export class IngressHostDto {
  @IsString()
  @IsHostName()
  @Doc('host name the rule serves; "*." in front for every subdomain', 'orders.example.com')
  host: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PATHS)
  @ValidateNested({ each: true })
  @Type(() => IngressPathDto)
  @UniqueBy(
    (p: IngressPathDto) => `${p?.path ?? DEFAULT_ROUTE_PATH} ${p?.pathType ?? DEFAULT_PATH_TYPE}`,
    'paths must be unique per host',
  )
  @Doc('paths of the host and the Service port each goes to', [{ path: '/', pathType: 'Prefix', port: 'http' }])
  @Schema({ default: [{ path: DEFAULT_ROUTE_PATH, pathType: DEFAULT_PATH_TYPE }] })
  paths?: IngressPathDto[];
}

export class IngressTlsDto {
  @IsString()
  @MaxLength(253)
  @MatchesGrammar(DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN.what)
  @Doc("a kubernetes.io/tls Secret in the app's namespace holding the certificate for the hosts", 'orders-tls')
  secretName: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_HOSTS)
  @IsString({ each: true })
  @IsHostName(true)
  @Doc('hosts the certificate is for; each must be one of the hosts (or covered by a wildcard host)', [
    'orders.example.com',
  ])
  hosts: string[];
}

export class IngressDto {
  @IsOptional()
  @IsString()
  @MaxLength(253)
  @MatchesGrammar(DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN.what)
  @Doc("the IngressClass (default: the cluster's default class)", 'nginx')
  className?: string;

  @IsOptional()
  @IsStringMap('annotations')
  @Doc("annotations on the Ingress, e.g. the controller's settings or cert-manager's issuer")
  annotations?: Record<string, string>;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_HOSTS)
  @ValidateNested({ each: true })
  @Type(() => IngressHostDto)
  @UniqueBy((h: IngressHostDto) => h?.host, 'hosts must be unique')
  @Doc('the host names and their paths')
  hosts: IngressHostDto[];

  @OptionalListOf(() => IngressTlsDto, MAX_HOSTS)
  @Doc('TLS: the Secret of each set of hosts (none: plain HTTP)')
  tls?: IngressTlsDto[];
}

export class ParentRefDto {
  @IsString()
  @MaxLength(253)
  @MatchesGrammar(DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN.what)
  @Doc('the Gateway the route attaches to', 'public')
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(63)
  @MatchesGrammar(DNS1123_LABEL, DNS1123_LABEL.what)
  @Doc("the Gateway's namespace (default: the route's own)", 'gateways')
  namespace?: string;

  @IsOptional()
  @IsString()
  @MaxLength(253)
  @MatchesGrammar(DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN.what)
  @Doc('the listener of the Gateway (default: every listener that allows the route)', 'https')
  sectionName?: string;
}

export class HttpRouteRuleDto {
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @MatchesGrammar(ABSOLUTE_PATH, 'a path starting with "/"')
  @Doc('path prefix the rule matches (PathPrefix)', '/api')
  @Schema({ default: DEFAULT_ROUTE_PATH })
  path?: string;

  @IsOptional()
  @IsPortRef()
  @Doc(PORT_DOC, 'http')
  port?: number | string;
}

export class HttpRouteDto {
  @IsOptional()
  @IsStringMap('annotations')
  @Doc('annotations on the HTTPRoute')
  annotations?: Record<string, string>;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PARENT_REFS)
  @ValidateNested({ each: true })
  @Type(() => ParentRefDto)
  @Doc('the Gateways (and listeners) the route attaches to')
  parentRefs: ParentRefDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_HOSTNAMES)
  @IsString({ each: true })
  @IsHostName(true)
  @Doc("host names the route serves (default: the listeners' own)", ['orders.example.com'])
  hostnames?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_RULES)
  @ValidateNested({ each: true })
  @Type(() => HttpRouteRuleDto)
  @UniqueBy((r: HttpRouteRuleDto) => r?.path ?? DEFAULT_ROUTE_PATH, 'rule paths must be unique')
  @Doc('path prefixes and the Service port each goes to')
  @Schema({ default: [{ path: DEFAULT_ROUTE_PATH }] })
  rules?: HttpRouteRuleDto[];
}
