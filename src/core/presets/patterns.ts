// Shared input grammars for preset parameters.
export const ABSOLUTE_PATH = /^\/[^\s\0]*$/;
/** A host name or IPv4 address, no scheme, port or path. */
export const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** Go duration as git-sync and exporters take it, e.g. 30s, 5m, 1h30m */
export const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
/** An environment variable name as generated for helpers: upper snake case */
export const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
/** A Kubernetes resource quantity, e.g. 100m, 0.5, 128Mi, 1e3 */
export const QUANTITY = /^([0-9]+(\.[0-9]+)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|e[0-9]+)?$/;
