// The input grammars, each written once: its regular expression (validation here), its RE2 form
// where a JSON Schema read by Go needs one (Helm checks chart values with RE2, which has no
// lookaround) and what a value must be, for messages. The Kubernetes ones follow apimachinery:
// resource.Quantity and validation.IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label,
// IsQualifiedName, IsValidLabelValue. None may backtrack more than linearly on a long near miss
// (grammars.spec.ts checks each on 100,000 characters).

/** A grammar: a RegExp (so it works wherever one does) with its RE2 form and its description. */
export type Grammar = RegExp & {
  /** the same language for JSON Schema read by Go (RE2); where RE2 cannot say it, a superset */
  readonly re2: string;
  /** what a value must be, e.g. "a DNS-1123 label: ..." (messages read "$property must be <what>") */
  readonly what: string;
};

function grammar(regex: RegExp, what: string, re2: string = regex.source): Grammar {
  return Object.assign(regex, { re2, what });
}

// Kubernetes names (apimachinery validation).
export const DNS1123_LABEL = grammar(
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  'a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit',
);
export const DNS1123_SUBDOMAIN = grammar(
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
  'a DNS-1123 subdomain: lower-case DNS labels separated by "."',
);
export const DNS1035_LABEL = grammar(
  /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
  'a DNS-1035 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit',
);
/** A DNS-1123 subdomain, or "*." and one (an Ingress rule host, a Gateway API hostname): no IP address. */
export const WILDCARD_DNS1123_SUBDOMAIN = grammar(
  new RegExp(`^(\\*\\.)?${DNS1123_SUBDOMAIN.source.slice(1)}`),
  'a DNS-1123 subdomain (lower-case DNS labels separated by "."), optionally starting with "*." for a wildcard',
);
/** IANA_SVC_NAME: port names, at most 15 characters, at least one letter, no "--" (isPortName). */
export const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;
/** A port name: IANA_SVC_NAME with its two further rules as lookaheads; RE2 has only the first part. */
export const PORT_NAME = grammar(
  new RegExp(`^(?=.*[a-z])(?!.*--)${IANA_SVC_NAME.source.slice(1)}`),
  'a port name: at most 15 lower-case letters, digits and "-", with a letter, no "--" (IANA_SVC_NAME)',
  IANA_SVC_NAME.source,
);
export const ENV_VAR_NAME = grammar(/^[-._a-zA-Z][-._a-zA-Z0-9]*$/, 'an environment variable name');

export function isPortName(name: string): boolean {
  return IANA_SVC_NAME.test(name) && /[a-z]/.test(name) && !name.includes('--');
}

/** The name part of a qualified name (at most 63 characters besides). */
export const QUALIFIED_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/**
 * Label and annotation keys (IsQualifiedName): an optional DNS-1123 subdomain prefix of at most
 * 253 and "/", then a name part of at most 63. The regex leaves the lengths to
 * qualifiedNameProblem; LABEL_KEY_PATTERN says them with lookaheads (OpenAPI), `re2` bounds the
 * name only.
 */
export const LABEL_KEY = grammar(
  new RegExp(`^(${DNS1123_SUBDOMAIN.source.slice(1, -1)}\\/)?${QUALIFIED_NAME_PART.source.slice(1)}`),
  'a label key (an optional DNS prefix and "/", then a name)',
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$',
);
/** LABEL_KEY with its lengths (a prefix of at most 253, a name of at most 63) as lookaheads. */
export const LABEL_KEY_PATTERN = `^(?![^/]{254,}/)(?!(.*/)?[^/]{64,}$)${LABEL_KEY.source.slice(1)}`;
/** A label value (IsValidLabelValue; at most 63 characters besides, a maxLength). */
export const LABEL_VALUE = grammar(
  /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/,
  'a label value: at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
  '^$|^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$',
);

/** Why a label key is not one, or undefined. */
export function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : '';
  const name = key.slice(slash + 1);
  if (!LABEL_KEY.test(key))
    return 'must be a qualified name: an optional DNS prefix and "/", then letters, digits, "-", "_" and "."';
  if (name.length > 63) return 'has a name part longer than 63 characters';
  if (prefix.length > 253) return 'has a prefix longer than 253 characters';
  return undefined;
}

// Kubernetes quantities (apimachinery resource.Quantity, quantity.go's grammar):
//   <quantity> ::= <signedNumber><suffix>;  <number> ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
//   <suffix> ::= <binarySI> | <decimalExponent> | <decimalSI>;  <decimalExponent> ::= e|E <signed digits>
//   <decimalSI> ::= n | u | m | "" | k | M | G | T | P | E  (n and u from suffix.go's newSuffixer)
const QUANTITY_NUMBER = '([0-9]+(\\.[0-9]*)?|\\.[0-9]+)';
const QUANTITY_SUFFIX = '(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+)';
const A_QUANTITY = 'a Kubernetes quantity such as 100m, 0.5, 128Mi or 1Gi';
/** Any quantity, signed (what the API server parses; the rules check signs themselves). */
export const QUANTITY = grammar(new RegExp(`^[+-]?${QUANTITY_NUMBER}${QUANTITY_SUFFIX}?$`), A_QUANTITY);
/** A quantity that is not negative (resource requests and limits). */
export const NONNEGATIVE_QUANTITY = grammar(new RegExp(`^\\+?${QUANTITY_NUMBER}${QUANTITY_SUFFIX}?$`), A_QUANTITY);
/**
 * A quantity above zero: a non-zero digit in the number (a claim of size 0 is refused). Written so
 * that no two branches can take the same digit: a long run of digits that fails at its end costs
 * linear time, not quadratic.
 */
export const POSITIVE_QUANTITY = grammar(
  new RegExp(`^\\+?(0*[1-9][0-9]*(\\.[0-9]*)?|0*\\.0*[1-9][0-9]*)${QUANTITY_SUFFIX}?$`),
  'a Kubernetes quantity above zero such as 1Gi or 500Mi',
);

/** semver.org's grammar (no lookarounds, so it reads the same in Go). */
export const SEMVER = grammar(
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/,
  'a SemVer 2 version such as 0.1.0 or 1.2.3-rc.1',
);
/** 0.0.0-0 (with any build metadata): the lowest version, which `helm lint` refuses (it wants > 0.0.0-0) */
export const LOWEST_SEMVER = /^0\.0\.0-0(\+.*)?$/;

/** An absolute path without white space or NUL; its RE2 form (chart values) checks the "/" only. */
export const ABSOLUTE_PATH = grammar(/^\/[^\s\0]*$/, 'an absolute path', '^/');
/** A host name or IPv4 address, no scheme, port or path. */
export const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** A host name or IPv4 address (DNS labels of up to 63 characters), as a pattern source. */
export const HOST = '[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*';
const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
/** An IPv4 address, as a pattern source. */
export const IPV4_ADDRESS = `(${OCTET}\\.){3}${OCTET}`;
const H16 = '[0-9A-Fa-f]{1,4}';
const LS32 = `(${H16}:${H16}|${IPV4_ADDRESS})`;
/** RFC 3986's IPv6address, as a pattern source. */
export const IPV6_ADDRESS = [
  `(${H16}:){6}${LS32}`,
  `::(${H16}:){5}${LS32}`,
  `(${H16})?::(${H16}:){4}${LS32}`,
  `((${H16}:){0,1}${H16})?::(${H16}:){3}${LS32}`,
  `((${H16}:){0,2}${H16})?::(${H16}:){2}${LS32}`,
  `((${H16}:){0,3}${H16})?::${H16}:${LS32}`,
  `((${H16}:){0,4}${H16})?::${LS32}`,
  `((${H16}:){0,5}${H16})?::${H16}`,
  `((${H16}:){0,6}${H16})?::`,
].join('|');
/** A port number 1-65535, as a pattern source (no leading zeros). */
export const PORT_NUMBER = '([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])';
/** Go duration as git-sync and exporters take it, e.g. 30s, 5m, 1h30m */
export const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
/** A Prometheus duration as the ServiceMonitor CRD accepts it, e.g. 30s, 1m, 1m30s. */
export const PROMETHEUS_DURATION =
  /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;

/** An environment variable name as generated for helpers: upper snake case */
export const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/**
 * An image reference the chart can carry as repository / tag / digest values (IMAGE_PATTERNS,
 * split the way render/chart/image-ref.ts's splitImage splits): either a repository whose last
 * path segment has no colon, or a repository, ":" and a tag; then an optional "@" digest.
 * Anything else no runtime pulls, and the chart could not hold it.
 */
const IMAGE_REPOSITORY = '[A-Za-z0-9]([A-Za-z0-9._/:-]*[A-Za-z0-9])?';
const IMAGE_REPOSITORY_NO_TAG =
  '[A-Za-z0-9]([A-Za-z0-9._/:-]*\\/[A-Za-z0-9._-]*[A-Za-z0-9]|[A-Za-z0-9._-]*[A-Za-z0-9])?';
const IMAGE_TAG = '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}';
const IMAGE_DIGEST = '[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}';
export const IMAGE_REFERENCE_GRAMMAR =
  'an image reference [registry[:port]/]name[:tag][@algorithm:hex], e.g. ghcr.io/acme/orders:1.4.2';
export const IMAGE_REFERENCE = grammar(
  new RegExp(`^(${IMAGE_REPOSITORY_NO_TAG}|${IMAGE_REPOSITORY}:${IMAGE_TAG})(@${IMAGE_DIGEST})?$`),
  IMAGE_REFERENCE_GRAMMAR,
);
/** The parts of an image reference as chart values hold them (RE2: Helm checks them in Go). */
export const IMAGE_PATTERNS = {
  repository: '^[A-Za-z0-9][A-Za-z0-9._/:-]*[A-Za-z0-9]$|^[A-Za-z0-9]$',
  tag: `^$|^${IMAGE_TAG}$`,
  digest: `^$|^${IMAGE_DIGEST}$`,
} as const;
