// Shared input grammars for preset parameters.
export const ABSOLUTE_PATH = /^\/[^\s\0]*$/;
/** A host name or IPv4 address, no scheme, port or path. */
export const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
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
/** An environment variable name as generated for helpers: upper snake case */
export const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
/** A Kubernetes resource quantity, e.g. 100m, 0.5, 128Mi, 1e3 */
export const QUANTITY = /^([0-9]+(\.[0-9]+)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|e[0-9]+)?$/;

/**
 * An image reference the chart can carry as repository / tag / digest values (the grammars of
 * IMAGE_PATTERNS in render/chart/image-ref.ts, split the way its splitImage splits): either a
 * repository whose last path segment has no colon, or a repository, ":" and a tag; then an
 * optional "@" digest. Anything else no runtime pulls, and the chart could not hold it.
 */
const IMAGE_REPOSITORY = '[A-Za-z0-9]([A-Za-z0-9._/:-]*[A-Za-z0-9])?';
const IMAGE_REPOSITORY_NO_TAG = '[A-Za-z0-9]([A-Za-z0-9._/:-]*\\/[A-Za-z0-9._-]*[A-Za-z0-9]|[A-Za-z0-9._-]*[A-Za-z0-9])?';
const IMAGE_TAG = '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}';
const IMAGE_DIGEST = '[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}';
export const IMAGE_REFERENCE = new RegExp(`^(${IMAGE_REPOSITORY_NO_TAG}|${IMAGE_REPOSITORY}:${IMAGE_TAG})(@${IMAGE_DIGEST})?$`);
export const IMAGE_REFERENCE_GRAMMAR = 'an image reference [registry[:port]/]name[:tag][@algorithm:hex], e.g. ghcr.io/acme/orders:1.4.2';
