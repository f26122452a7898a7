// Requests the chart acceptance tests run: the shared examples plus a generated matrix that puts
// every registered preset's own example into a few different pods and targets.
import type { PresetItem } from '../../src/core/model/request.js';
import type { BundleRequest } from '../../src/core/request/bundle.js';
import { KIND_FIELD } from '../../src/core/presets/preset.js';
import { PRESETS } from '../../src/core/presets/registry.js';
import { exampleRequests } from './helm-run.js';
import { type ChartRequestBody } from '../support/validated.js';
import { realWorkloadRequest } from '../support/real-workload-request.js';

export interface NamedRequest {
  label: string;
  request: ChartRequestBody;
}

const baseApp = (name: string) => ({
  name,
  namespace: 'matrix',
  image: 'ghcr.io/acme/app:1.0.0',
  replicas: 2,
  ports: [{ name: 'http', containerPort: 8080 }],
  env: [{ name: 'MODE', value: 'test' }],
  resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
  probes: { readiness: { httpGet: { path: '/ready', port: 'http' } } },
});

/** Pod and target variants: native sidecars; classic containers in a StatefulSet with storage. */
const VARIANTS: { id: string; shape: (name: string) => Pick<BundleRequest, 'app' | 'target'> }[] = [
  { id: 'native', shape: (name) => ({ app: baseApp(name), target: { kubernetesVersion: '1.33' } }) },
  {
    id: 'classic',
    shape: (name) => {
      const { namespace: _ns, ...app } = baseApp(name);
      return {
        app: {
          ...app,
          image: 'registry.example.com:5000/team/app@sha256:' + 'ab'.repeat(32),
          workload: 'StatefulSet',
          replicas: 1,
          storage: { mountPath: '/data', size: '1Gi' },
        },
        target: {
          kubernetesVersion: '1.28',
          podSecurity: 'baseline',
          nativeSidecars: 'auto',
          registryMirror: 'mirror.example.com',
        },
      };
    },
  },
];

/** The orders app with one helper of each kind. */
export const ordersRequest = (): ChartRequestBody => ({
  app: {
    name: 'orders',
    namespace: 'shop',
    image: 'ghcr.io/acme/orders:1.4.2',
    replicas: 2,
    ports: [{ name: 'http', containerPort: 8080 }],
    env: [{ name: 'LOG_LEVEL', value: 'info' }],
    probes: { readiness: { httpGet: { path: '/ready', port: 'http' } } },
  },
  sidecars: [{ preset: 'log-forwarder', name: 'logs', logDir: '/var/log/orders', output: { type: 'stdout' } }],
  ambassadors: [
    { preset: 'http-egress', name: 'payments', upstream: 'https://api.payments.example.com', listenPort: 9000 },
  ],
  adapters: [{ preset: 'prometheus-exporter', name: 'metrics', source: 'statsd' }],
  target: { kubernetesVersion: '1.33' },
});

export function matrixRequests(): NamedRequest[] {
  const out: NamedRequest[] = [];
  for (const preset of PRESETS) {
    for (const variant of VARIANTS) {
      const name = `m-${preset.id}-${variant.id}`.slice(0, 53).replace(/-+$/, '');
      const request: ChartRequestBody = {
        ...variant.shape(name),
        [KIND_FIELD[preset.kind]]: [structuredClone(preset.example) as PresetItem],
      };
      out.push({ label: `${preset.kind}/${preset.id} (${variant.id})`, request });
    }
  }
  return out;
}

/** App shapes beyond the presets: nothing at all, and every app field at once. */
export function appShapeRequests(): NamedRequest[] {
  return [
    {
      label: 'a real workload: private registry, envFrom, scheduling, volumes, one mounted by a custom sidecar',
      request: realWorkloadRequest(),
    },
    {
      label: 'a bare app (no ports, no namespace, no helpers)',
      request: { app: { name: 'm-bare', image: 'busybox' } },
    },
    {
      label: 'a log forwarder on Fluentd',
      request: {
        app: baseApp('m-fluentd'),
        sidecars: [
          {
            preset: 'log-forwarder',
            name: 'logs',
            engine: 'fluentd',
            parser: 'json',
            output: {
              type: 'http',
              host: 'logs.example.com',
              tls: true,
              user: 'shipper',
              passwordSecret: { secretName: 'logs-auth', key: 'password' },
            },
          },
        ],
        target: { kubernetesVersion: '1.33' },
      },
    },
    {
      label: 'an app with every field',
      request: {
        app: {
          name: 'm-full',
          namespace: 'full',
          image: 'registry.example.com:5000/team/full:2.3.4',
          imagePullPolicy: 'Always',
          workload: 'StatefulSet',
          replicas: 3,
          podManagementPolicy: 'Parallel',
          command: ['/bin/full'],
          args: ['--port', '8080', '--flag=on'],
          ports: [
            { name: 'http', containerPort: 8080, servicePort: 80 },
            { name: 'admin', containerPort: 9000, expose: false },
            { name: 'dns', containerPort: 5353, protocol: 'UDP' },
          ],
          env: [
            { name: 'PLAIN', value: 'yes' },
            { name: 'SECRET', valueFrom: { secretKeyRef: { name: 'full-secrets', key: 'token' } } },
          ],
          resources: {
            requests: { cpu: '250m', memory: '256Mi', 'ephemeral-storage': '1Gi' },
            limits: { memory: '512Mi' },
          },
          probes: {
            startup: { httpGet: { path: '/started', port: 'http' }, failureThreshold: 30, periodSeconds: 2 },
            readiness: { tcpSocket: { port: 8080 } },
            liveness: { exec: { command: ['/bin/full', 'check'] }, initialDelaySeconds: 10 },
          },
          labels: { team: 'core', tier: 'backend' },
          annotations: { 'example.com/owner': 'core team' },
          podAnnotations: { 'example.com/scrape': 'false' },
          component: 'api',
          partOf: 'full-suite',
          storage: {
            mountPath: '/var/lib/full',
            size: '5Gi',
            storageClassName: 'fast',
            accessModes: ['ReadWriteOncePod'],
            name: 'state',
          },
          securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 3000, writablePaths: ['/var/cache/full'] },
          serviceAccount: { name: 'full-runner', automountToken: true },
          serviceType: 'NodePort',
          secretMounts: [
            { secretName: 'full-keys', mountPath: '/etc/full/keys' },
            { secretName: 'full-tls', mountPath: '/etc/full/tls', optional: true },
          ],
          metrics: {
            port: 'http',
            path: '/stats',
            serviceMonitor: { enabled: true, interval: '15s', labels: { release: 'prometheus' } },
          },
        },
        sidecars: [
          {
            preset: 'log-forwarder',
            name: 'logs',
            logDir: '/var/log/full',
            parser: 'logfmt',
            output: { type: 'loki', host: 'loki.monitoring.svc' },
          },
        ],
        target: { kubernetesVersion: '1.31', nativeSidecars: 'never' },
      },
    },
  ];
}

/** The optional companions: an HPA and a NetworkPolicy, open and restricted, on both workload kinds. */
export function companionRequests(): NamedRequest[] {
  const monitoring = [
    {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
    },
  ];
  return [
    {
      label: 'autoscaling and a restricted NetworkPolicy, with every helper that connects out and a reverse proxy',
      request: {
        app: {
          ...baseApp('m-guarded'),
          replicas: 3,
          resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { memory: '512Mi' } },
          autoscaling: {
            minReplicas: 2,
            maxReplicas: 12,
            targetCPUUtilizationPercentage: 70,
            targetMemoryUtilizationPercentage: 85,
            behavior: { scaleDown: { stabilizationWindowSeconds: 600 } },
          },
          networkPolicy: {
            ingressFrom: [
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
              { ipBlock: { cidr: '10.0.0.0/8', except: ['10.99.0.0/16'] } },
            ],
            metricsFrom: monitoring,
            egress: 'restricted',
            extraEgress: [
              {
                to: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['kafka'] }] } }],
                ports: [{ port: 9092 }],
              },
              { ports: [{ port: 123, protocol: 'UDP' }] },
            ],
          },
        },
        sidecars: [
          {
            preset: 'git-sync',
            name: 'content',
            repo: 'ssh://git@git.example.com:2222/acme/content.git',
            mountPath: '/content',
          },
          {
            preset: 'log-forwarder',
            name: 'logs',
            output: { type: 'forward', host: 'fluentd.logging.svc.cluster.local' },
          },
        ],
        ambassadors: [
          {
            preset: 'http-egress',
            name: 'payments',
            upstream: 'https://api.payments.example.com',
            routes: [{ pathPrefix: '/refunds/', upstream: 'http://refunds.example.com:8081' }],
            resolvers: ['10.96.0.10'],
          },
          {
            preset: 'tcp-egress',
            name: 'orders-db',
            servers: ['db-1.example.com:5432', 'db-2.example.com:5432'],
            listenPort: 15432,
          },
          {
            preset: 'redis-shards',
            name: 'cache',
            servers: ['redis-0.example.com:6379:1', 'redis-1.example.com:6379:1'],
            listenPort: 16379,
          },
          // in front of the app: its port takes the place of the app's in the Service and the policy
          {
            preset: 'reverse-proxy',
            name: 'edge',
            listenPort: 8443,
            tls: { secretName: 'guarded-tls' },
            rateLimit: { requestsPerSecond: 20 },
          },
        ],
        adapters: [{ preset: 'prometheus-exporter', name: 'metrics', source: 'statsd' }],
        target: { kubernetesVersion: '1.33' },
      },
    },
    {
      label: 'a StatefulSet with autoscaling from one pod and an open NetworkPolicy (classic containers)',
      request: {
        app: {
          ...baseApp('m-stateful-scaled'),
          namespace: undefined,
          workload: 'StatefulSet',
          replicas: 1,
          ports: [
            { name: 'http', containerPort: 8080 },
            { name: 'gossip', containerPort: 7946, protocol: 'UDP', expose: false },
          ],
          storage: { mountPath: '/data', size: '1Gi' },
          autoscaling: { minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 80 },
          networkPolicy: {},
        },
        adapters: [{ preset: 'prometheus-exporter', name: 'metrics', source: 'statsd' }],
        target: { kubernetesVersion: '1.28' },
      },
    },
    {
      label: 'an Ingress and an HTTPRoute to a reverse proxy beside the app port, and to a second port by name',
      request: {
        app: {
          ...baseApp('m-routed'),
          ports: [
            { name: 'http', containerPort: 8080 },
            { name: 'grpc', containerPort: 9090 },
          ],
          ingress: {
            className: 'nginx',
            hosts: [
              { host: 'routed.example.com' },
              { host: '*.routed.example.com', paths: [{ path: '/rpc', port: 'grpc' }] },
            ],
            tls: [{ secretName: 'routed-tls', hosts: ['routed.example.com'] }],
          },
          httpRoute: {
            parentRefs: [{ name: 'public', namespace: 'gateways' }],
            hostnames: ['routed.example.com'],
            rules: [{ path: '/rpc', port: 9090 }, { path: '/' }],
          },
        },
        ambassadors: [{ preset: 'reverse-proxy', name: 'edge', listenPort: 8443, exposeAppPort: true }],
      },
    },
    {
      label: 'a NetworkPolicy on an app without ports, DNS to NodeLocal DNSCache',
      request: {
        app: {
          name: 'm-quiet',
          image: 'busybox:1.36',
          networkPolicy: { egress: 'restricted', dnsTo: [{ ipBlock: { cidr: '169.254.20.10/32' } }] },
        },
      },
    },
  ];
}

export function exampleChartRequests(): NamedRequest[] {
  return exampleRequests().map(({ file, request }) => ({ label: `example ${file}`, request }));
}

/** Every helper of a request as [group, name]. */
export function helpersOf(request: BundleRequest): ['sidecars' | 'ambassadors' | 'adapters', string][] {
  return (['sidecars', 'ambassadors', 'adapters'] as const).flatMap((group) =>
    (request[group] ?? []).map((item) => [group, item.name] as [typeof group, string]),
  );
}

/** The same request without one helper: what the chart must render with that helper turned off. */
export function without(
  request: BundleRequest,
  group: 'sidecars' | 'ambassadors' | 'adapters',
  name: string,
): BundleRequest {
  const copy = structuredClone(request);
  copy[group] = (copy[group] ?? []).filter((item) => item.name !== name);
  return copy;
}
