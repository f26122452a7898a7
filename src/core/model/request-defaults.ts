// What the service uses for a request field that is left out, each declared once: the composition
// reads it from here and the request schema states it as the field's `default`.
export const REQUEST_DEFAULTS = {
  workload: 'Deployment',
  replicas: 1,
  component: 'server',
  storageName: 'data',
  accessModes: ['ReadWriteOnce'],
  automountToken: false,
  metricsPath: '/metrics',
  readOnlyRootFilesystem: true,
  podSecurity: 'restricted',
  nativeSidecars: 'auto',
} as const;
