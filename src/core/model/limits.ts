// Caps on the size of a request, so that no request within the body limit can cost more than a
// bounded amount of work. Each is where Kubernetes sets a limit, or far above what a real pod uses;
// README (Bounded cost) lists them. A request over a cap gets a 400 with a pointer to the field.
export const LIMITS = {
  /** app ports: an EndpointSlice carries at most 100 ports, so a Service cannot route more */
  ports: 100,
  /** app environment variables */
  env: 1024,
  /** items of the app's command, and of its args */
  commandItems: 1024,
  /** the app's writable paths (each is an emptyDir volume) */
  writablePaths: 64,
  /** Secrets mounted in the app container (each is a volume) */
  secretMounts: 64,
  /** headers of an HTTP probe */
  probeHeaders: 32,
  /** items of an exec probe's command */
  execItems: 64,
  /** entries of a labels map */
  labels: 64,
  /** entries of an annotations map (Kubernetes also caps their total size at 256 KiB) */
  annotations: 256,
  /** items of each helper list (sidecars, ambassadors, adapters) */
  helpersPerKind: 16,
  /**
   * objects in one request, all fields together (the body, each map, each entry of a list of
   * objects): each is validated and composed, and the caps above multiply (16 helpers x 256 env
   * entries); a real pod description holds a few hundred
   */
  objects: 1536,
} as const;
