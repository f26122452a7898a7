// A request as a real first workload has it: an image from a private registry, env from a
// ConfigMap and a Secret, pinned to a node pool with a toleration and spread over zones, a
// PriorityClass, a cloud workload identity on its ServiceAccount, and volumes of its own (a TLS
// Secret, a ConfigMap of two keys, an existing claim, a memory emptyDir), one of which a custom
// sidecar mounts by name; reached from outside by an Ingress with TLS and a Gateway API HTTPRoute.
// It uses every field of app that came with the pod-level and routing work.
import type { ChartRequestBody as ChartRequest } from './validated.js';

export const realWorkloadRequest = (): ChartRequest => ({
  app: {
    name: 'payments',
    namespace: 'billing',
    image: 'registry.acme.example:5000/billing/payments:3.2.1',
    replicas: 3,
    ports: [{ name: 'http', containerPort: 8080 }],
    env: [{ name: 'LOG_LEVEL', value: 'info' }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    probes: { readiness: { httpGet: { path: '/ready', port: 'http' } } },
    serviceAccount: {
      annotations: {
        'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/payments',
        'iam.gke.io/gcp-service-account': 'payments@acme-prod.iam.gserviceaccount.com',
      },
    },
    imagePullSecrets: [{ name: 'regcred' }, { name: 'mirror-cred' }],
    envFrom: [
      { configMapRef: { name: 'payments-settings' } },
      { secretRef: { name: 'payments-db', optional: false }, prefix: 'DB_' },
    ],
    nodeSelector: { 'kubernetes.io/os': 'linux', 'node.acme.example/pool': 'payments' },
    tolerations: [
      { key: 'dedicated', operator: 'Equal', value: 'payments', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
    ],
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] }] },
          ],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 50,
            preference: { matchExpressions: [{ key: 'node.acme.example/spot', operator: 'DoesNotExist' }] },
          },
        ],
      },
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              labelSelector: {
                matchLabels: { 'app.kubernetes.io/name': 'payments', 'app.kubernetes.io/instance': 'payments' },
              },
              topologyKey: 'kubernetes.io/hostname',
            },
          },
        ],
      },
    },
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: {
          matchLabels: { 'app.kubernetes.io/name': 'payments', 'app.kubernetes.io/instance': 'payments' },
        },
      },
    ],
    priorityClassName: 'business-critical',
    volumes: [
      {
        name: 'tls',
        mountPath: '/etc/payments/tls',
        readOnly: true,
        secret: {
          secretName: 'payments-tls',
          items: [
            { key: 'tls.crt', path: 'tls.crt' },
            { key: 'tls.key', path: 'tls.key', mode: 0o400 },
          ],
        },
      },
      {
        name: 'settings',
        mountPath: '/etc/payments/settings.yaml',
        subPath: 'settings.yaml',
        configMap: { name: 'payments-files', items: [{ key: 'settings.yaml', path: 'settings.yaml' }] },
      },
      {
        name: 'receipts',
        mountPath: '/var/lib/payments/receipts',
        persistentVolumeClaim: { claimName: 'payments-receipts' },
      },
      { name: 'scratch', mountPath: '/var/cache/payments', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    ],
    ingress: {
      className: 'nginx',
      annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '2m' },
      hosts: [{ host: 'payments.acme.example', paths: [{ path: '/api', pathType: 'Prefix', port: 'http' }] }],
      tls: [{ secretName: 'payments-ingress-tls', hosts: ['payments.acme.example'] }],
    },
    httpRoute: {
      parentRefs: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }],
      hostnames: ['payments.acme.example'],
      rules: [{ path: '/api', port: 8080 }],
    },
  },
  sidecars: [
    {
      preset: 'custom',
      name: 'receipt-uploader',
      image: 'registry.acme.example:5000/billing/uploader:1.0.4',
      args: ['--watch', '/receipts'],
      mounts: [{ volume: 'receipts', mountPath: '/receipts', readOnly: true }],
    },
  ],
});
