import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IIoK8sApiCoreV1Container as Container } from 'kubernetes-models/v1/Container';
import { describe, expect, it } from 'vitest';
import { bundleParts, type RequestBody } from '../../../../test/support/validated.js';
import { realWorkloadRequest } from '../../../../test/support/real-workload-request.js';
import type { K8sObject } from '../../model/bundle.js';
import { buildValues } from './values.js';

// values and manifests read as plain JSON
type Obj = Record<string, any>;

const EXAMPLES = join(import.meta.dirname, '..', '..', '..', '..', 'examples');
const example = (name: string): RequestBody => JSON.parse(readFileSync(join(EXAMPLES, `${name}.json`), 'utf8'));
const valuesOf = (request: RequestBody) => buildValues(bundleParts(request)) as Obj;
const withoutHelpers = ({ sidecars: _s, ambassadors: _a, adapters: _d, ...rest }: Obj) => rest;

/** The starting points of the blocks a request without them leaves off (helm create's, the bundle's defaults). */
const DNS_TO = [
  {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
    podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
  },
];
const DNS_PORTS = [
  { port: 53, protocol: 'UDP' },
  { port: 53, protocol: 'TCP' },
];
const METRICS_FROM = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }];
const RESTRICTED_POD = {
  runAsNonRoot: true,
  fsGroup: 2000,
  fsGroupChangePolicy: 'OnRootMismatch',
  seccompProfile: { type: 'RuntimeDefault' },
};
const RESTRICTED_APP = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
};
const routingOff = {
  ingress: {
    enabled: false,
    className: '',
    annotations: {},
    hosts: [{ host: 'chart-example.local', paths: [{ path: '/', pathType: 'Prefix' }] }],
    tls: [],
    port: '',
  },
  httpRoute: {
    enabled: false,
    annotations: {},
    parentRefs: [],
    hostnames: [],
    rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }],
    port: '',
  },
};
const busyboxTests = (registry: string, repository: string) => ({
  enabled: true,
  image: { registry, repository, tag: '1.37.0', digest: '', pullPolicy: 'IfNotPresent' },
  runAsUser: 65534,
  resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
});

/** The image reference a values image block stands for (registry/repository:tag@digest). */
const joined = (i: Obj) =>
  `${i.registry ? `${i.registry}/` : ''}${i.repository}${i.tag ? `:${i.tag}` : ''}${i.digest ? `@${i.digest}` : ''}`;

describe('buildValues: the app', () => {
  it('a Deployment with no optional fields: its own values, every optional block off at its starting point', () => {
    const request = example('orders-logging-egress');
    expect(withoutHelpers(valuesOf(request))).toEqual({
      global: { imageRegistry: '', imagePullSecrets: [] },
      nameOverride: '',
      fullnameOverride: '',
      setNamespace: true,
      commonLabels: {},
      commonAnnotations: {},
      labels: {},
      // the bundle's defaults: component server, part-of the app's name
      component: 'server',
      partOf: 'orders',
      image: { registry: 'ghcr.io', repository: 'acme/orders', tag: '1.4.2', digest: '', pullPolicy: '' },
      replicaCount: 2,
      command: [],
      args: [],
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      env: [{ name: 'LOG_LEVEL', value: 'info' }],
      envFrom: [],
      resources: request.app.resources,
      probes: { startup: {}, readiness: { httpGet: { path: '/ready', port: 'http' } }, liveness: {} },
      securityContext: RESTRICTED_APP,
      podSecurityContext: RESTRICTED_POD,
      // the read-only root's /tmp
      volumes: [{ name: 'orders-tmp', emptyDir: {} }],
      volumeMounts: [{ name: 'orders-tmp', mountPath: '/tmp' }],
      extraVolumes: [],
      extraVolumeMounts: [],
      workloadAnnotations: {},
      podAnnotations: {},
      podLabels: {},
      imagePullSecrets: [],
      nodeSelector: {},
      tolerations: [],
      affinity: {},
      topologySpreadConstraints: [],
      priorityClassName: '',
      // the ServiceAccount named after the app: name '' (the chart's fullname)
      serviceAccount: { create: true, name: '', automount: false, annotations: {} },
      service: {
        type: 'ClusterIP',
        annotations: {},
        ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }],
      },
      podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
      // no HPA: off, from the replica count to 10, helm create's 80% CPU
      autoscaling: {
        enabled: false,
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          {
            type: 'ContainerResource',
            containerResource: {
              name: 'cpu',
              container: 'orders',
              target: { type: 'Utilization', averageUtilization: 80 },
            },
          },
        ],
        behavior: {},
      },
      networkPolicy: {
        enabled: false,
        ingressFrom: [],
        metricsFrom: METRICS_FROM,
        appPorts: [{ port: 'http', protocol: 'TCP' }],
        peerPorts: [],
        egress: 'allow',
        dnsTo: DNS_TO,
        dnsPorts: DNS_PORTS,
        extraEgress: [],
      },
      tests: busyboxTests('docker.io', 'library/busybox'),
      ...routingOff,
      helperOrder: ['sidecars/logs', 'ambassadors/payments', 'adapters/metrics'],
    });
  });

  it('a StatefulSet: its claim as persistence, its policy, the peer ports, a Docker Hub image without registry', () => {
    const request = example('mongodb-statefulset');
    const v = valuesOf(request);
    expect(v.image).toEqual({ registry: '', repository: 'mongo', tag: '7.0.14', digest: '', pullPolicy: '' });
    expect(v.replicaCount).toBe(3);
    expect(v.args).toEqual(['--replSet', 'rs0', '--bind_ip_all', '--logpath', '/var/log/mongodb/mongod.log']);
    expect(v.probes).toEqual({
      startup: {},
      readiness: { tcpSocket: { port: 'mongo' }, periodSeconds: 10 },
      liveness: { tcpSocket: { port: 'mongo' }, periodSeconds: 20 },
    });
    expect(request.app.probes).toEqual({ readiness: v.probes.readiness, liveness: v.probes.liveness });
    expect(v.podManagementPolicy).toBe('OrderedReady');
    expect(v.persistence).toEqual({
      name: 'data',
      mountPath: '/data/db',
      size: '20Gi',
      accessModes: ['ReadWriteOnce'],
      storageClassName: '',
    });
    // the claim's mount is persistence's, not one of the app's volume mounts; the writable path's is
    expect(v.volumeMounts).toEqual([
      { name: 'catalog-db-tmp', mountPath: '/tmp' },
      { name: 'catalog-db-data-configdb', mountPath: '/data/configdb' },
    ]);
    expect(v.networkPolicy.peerPorts).toEqual([{ port: 'mongo', protocol: 'TCP' }]);
    expect(v.autoscaling).toMatchObject({ enabled: false, minReplicas: 3, maxReplicas: 10 });
    expect(v.helperOrder).toEqual(['sidecars/logs', 'adapters/exporter']);
    // a Deployment has neither
    const d = valuesOf(example('orders-logging-egress'));
    expect(d).not.toHaveProperty('podManagementPolicy');
    expect(d).not.toHaveProperty('persistence');
    expect(d).not.toHaveProperty('metrics');
  });

  it('every optional app field the request sets lands in its value', () => {
    const v = valuesOf({
      app: {
        name: 'api',
        namespace: 'web',
        image: `ghcr.io/acme/api:2.0@sha256:${'a'.repeat(64)}`,
        imagePullPolicy: 'Always',
        ports: [
          { name: 'http', containerPort: 8080 },
          { name: 'admin', containerPort: 9090 },
        ],
        resources: { requests: { cpu: '200m', memory: '256Mi' } },
        labels: { team: 'core' },
        annotations: { 'acme.io/owner': 'core' },
        podAnnotations: { 'acme.io/scrape': 'no' },
        component: 'backend',
        partOf: 'shop',
        serviceType: 'NodePort',
        serviceAccount: { name: 'api-runner', automountToken: true },
        autoscaling: {
          minReplicas: 2,
          maxReplicas: 6,
          targetCPUUtilizationPercentage: 70,
          behavior: { scaleDown: { stabilizationWindowSeconds: 600 } },
        },
        networkPolicy: { ingressFrom: [{ podSelector: { matchLabels: { role: 'frontend' } } }], egress: 'restricted' },
        metrics: {
          port: 'admin',
          path: '/stats',
          serviceMonitor: { enabled: true, interval: '15s', labels: { release: 'prom' } },
        },
      },
      target: { kubernetesVersion: '1.33', registryMirror: 'mirror.acme.example/hub' },
    } as RequestBody);
    expect(v.image).toEqual({
      registry: 'ghcr.io',
      repository: 'acme/api',
      tag: '2.0',
      digest: `sha256:${'a'.repeat(64)}`,
      pullPolicy: 'Always',
    });
    expect(v).toMatchObject({
      labels: { team: 'core' },
      component: 'backend',
      partOf: 'shop',
      workloadAnnotations: { 'acme.io/owner': 'core' },
      podAnnotations: { 'acme.io/scrape': 'no' },
      // with an HPA the workload has no replicas: the HPA's minimum
      replicaCount: 2,
      serviceAccount: { create: true, name: 'api-runner', automount: true, annotations: {} },
      service: {
        type: 'NodePort',
        annotations: {},
        ports: [
          { name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' },
          { name: 'admin', port: 9090, targetPort: 'admin', protocol: 'TCP' },
        ],
      },
      autoscaling: {
        enabled: true,
        minReplicas: 2,
        maxReplicas: 6,
        metrics: [
          {
            type: 'ContainerResource',
            containerResource: {
              name: 'cpu',
              container: 'api',
              target: { type: 'Utilization', averageUtilization: 70 },
            },
          },
        ],
        behavior: { scaleDown: { stabilizationWindowSeconds: 600 } },
      },
      metrics: {
        port: 'admin',
        path: '/stats',
        serviceMonitor: { enabled: true, interval: '15s', labels: { release: 'prom' } },
      },
      // the test pod's busybox through the mirror, as the helpers' images
      tests: busyboxTests('mirror.acme.example', 'hub/library/busybox'),
    });
    expect(v.networkPolicy).toEqual({
      enabled: true,
      ingressFrom: [{ podSelector: { matchLabels: { role: 'frontend' } } }],
      metricsFrom: METRICS_FROM,
      appPorts: [
        { port: 'http', protocol: 'TCP' },
        { port: 'admin', protocol: 'TCP' },
      ],
      peerPorts: [],
      egress: 'restricted',
      dnsTo: DNS_TO,
      dnsPorts: DNS_PORTS,
      extraEgress: [],
    });
  });

  it('app metrics without path or ServiceMonitor: the default path, the monitor off', () => {
    const v = valuesOf({
      app: { name: 'api', image: 'api:1', ports: [{ name: 'http', containerPort: 8080 }], metrics: { port: 'http' } },
    } as RequestBody);
    expect(v.metrics).toEqual({
      port: 'http',
      path: '/metrics',
      serviceMonitor: { enabled: false, interval: '', labels: {} },
    });
    expect(v.setNamespace).toBe(false);
  });

  it('without an HPA: at least one replica and a maximum of at least ten, from the replica count', () => {
    const scaling = (replicas: number) =>
      valuesOf({ app: { name: 'api', image: 'api:1', replicas } } as RequestBody).autoscaling as Obj;
    expect(scaling(0)).toMatchObject({ enabled: false, minReplicas: 1, maxReplicas: 10 });
    expect(scaling(12)).toMatchObject({ enabled: false, minReplicas: 12, maxReplicas: 12 });
  });

  it('the real workload: pod fields, its own volumes as extraVolumes, the ServiceAccount annotations', () => {
    const request = realWorkloadRequest() as RequestBody;
    const v = valuesOf(request);
    const app = request.app;
    expect(v.image).toEqual({
      registry: 'registry.acme.example:5000',
      repository: 'billing/payments',
      tag: '3.2.1',
      digest: '',
      pullPolicy: '',
    });
    expect(v.imagePullSecrets).toEqual(app.imagePullSecrets);
    expect(v.envFrom).toEqual(app.envFrom);
    expect(v.nodeSelector).toEqual(app.nodeSelector);
    expect(v.tolerations).toEqual(app.tolerations);
    expect(v.affinity).toEqual(app.affinity);
    expect(v.topologySpreadConstraints).toEqual(app.topologySpreadConstraints);
    expect(v.priorityClassName).toBe('business-critical');
    expect(v.serviceAccount.annotations).toEqual(app.serviceAccount!.annotations);
    expect(v.extraVolumes.map((x: Obj) => x.name)).toEqual(['tls', 'settings', 'receipts', 'scratch']);
    expect(v.extraVolumeMounts).toEqual([
      { name: 'tls', mountPath: '/etc/payments/tls', readOnly: true },
      { name: 'settings', mountPath: '/etc/payments/settings.yaml', subPath: 'settings.yaml' },
      { name: 'receipts', mountPath: '/var/lib/payments/receipts' },
      { name: 'scratch', mountPath: '/var/cache/payments' },
    ]);
    expect(v.volumes).toEqual([{ name: 'payments-tmp', emptyDir: {} }]);
    expect(v.volumeMounts).toEqual([{ name: 'payments-tmp', mountPath: '/tmp' }]);
    // the custom sidecar's mount of an app volume stays the sidecar's
    const uploader = v.sidecars['receipt-uploader'];
    expect([...uploader.initContainers, ...uploader.containers][0].volumeMounts).toEqual([
      { name: 'receipts', mountPath: '/receipts', readOnly: true },
    ]);
    expect(v.ingress).toMatchObject({
      enabled: true,
      className: 'nginx',
      annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '2m' },
      hosts: [{ host: 'payments.acme.example', paths: [{ path: '/api', pathType: 'Prefix', port: 'http' }] }],
      tls: [{ secretName: 'payments-ingress-tls', hosts: ['payments.acme.example'] }],
      port: '',
    });
    expect(v.httpRoute).toMatchObject({
      enabled: true,
      parentRefs: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }],
      hostnames: ['payments.acme.example'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/api' } }], port: 8080 }],
      port: '',
    });
  });

  it('an app without ports or env: no Service, so the ClusterIP default; empty lists, never a placeholder', () => {
    const parts = bundleParts({ app: { name: 'api', image: 'api:1' } } as RequestBody);
    expect(parts.bundle.manifests.map((o) => o.kind)).toEqual(['ServiceAccount', 'Deployment']);
    const v = buildValues(parts) as Obj;
    expect(v.service).toEqual({ type: 'ClusterIP', annotations: {}, ports: [] });
    expect(v.ports).toEqual([]);
    expect(v.env).toEqual([]);
    expect(v.command).toEqual([]);
    expect(v.args).toEqual([]);
  });

  it('an image whose first segment Docker reads as a registry the values grammar cannot hold stays whole', () => {
    const image = (reference: string) => valuesOf({ app: { name: 'api', image: reference } } as RequestBody).image;
    const plain = { tag: '1', digest: '', pullPolicy: '' };
    expect(image('registry.example:5000/team/app:1')).toEqual({
      registry: 'registry.example:5000',
      repository: 'team/app',
      ...plain,
    });
    // an underscore is no host character: the whole name is the repository
    expect(image('reg_istry.example/app:1')).toEqual({ registry: '', repository: 'reg_istry.example/app', ...plain });
    // a registry the grammar holds, but the rest could not start a repository value
    expect(image('registry.example/_app:1')).toEqual({ registry: '', repository: 'registry.example/_app', ...plain });
    expect(image('app:1')).toEqual({ registry: '', repository: 'app', ...plain });
  });
});

describe('buildValues: routes without ports', () => {
  it('a path or rule that names no port has none in values (the template picks it)', () => {
    const v = valuesOf({
      app: {
        name: 'api',
        image: 'api:1',
        ports: [{ name: 'http', containerPort: 8080 }],
        ingress: { hosts: [{ host: 'a.example' }, { host: 'b.example', paths: [{ path: '/x' }] }] },
        httpRoute: { parentRefs: [{ name: 'gw' }], rules: [{ path: '/y' }] },
      },
    } as RequestBody);
    expect(v.ingress.hosts).toEqual([
      { host: 'a.example', paths: [{ path: '/', pathType: 'Prefix' }] },
      { host: 'b.example', paths: [{ path: '/x', pathType: 'Prefix' }] },
    ]);
    expect(v.httpRoute.rules).toEqual([{ matches: [{ path: { type: 'PathPrefix', value: '/y' } }] }]);
  });
});

describe('buildValues: helper blocks', () => {
  it("each container of a block, with the block's image, pull policy and resources put back, is the pod's container", () => {
    for (const request of [example('orders-logging-egress'), example('mongodb-statefulset'), realWorkloadRequest()]) {
      const parts = bundleParts(request as RequestBody);
      const v = buildValues(parts) as Obj;
      const pod = (parts.workload.spec as Obj).template.spec as Obj;
      const byName = new Map<string, Container>(
        [...(pod.initContainers ?? []), ...pod.containers].map((c: Container) => [c.name, c]),
      );
      for (const group of ['sidecars', 'ambassadors', 'adapters']) {
        for (const block of Object.values(v[group] as Record<string, Obj>)) {
          const full = (c: Obj) => ({
            ...c,
            image: c.image ?? joined(block.image),
            imagePullPolicy: c.imagePullPolicy ?? block.image.pullPolicy,
            resources: c.resources ?? block.resources,
          });
          for (const c of block.initContainers) {
            expect(full(c)).toEqual(byName.get(c.name));
            expect(pod.initContainers.map((x: Container) => x.name)).toContain(c.name);
          }
          for (const c of block.containers) {
            expect(full(c)).toEqual(byName.get(c.name));
            expect(pod.containers.map((x: Container) => x.name)).toContain(c.name);
          }
        }
      }
    }
  });

  it('a block keeps its first container image, pull policy and resources once, the container none of them', () => {
    const v = valuesOf(example('orders-logging-egress'));
    const logs = v.sidecars.logs;
    expect(logs.enabled).toBe(true);
    expect(logs.image).toEqual({
      registry: 'cr.fluentbit.io',
      repository: 'fluent/fluent-bit',
      tag: '3.2.10',
      digest: '',
      pullPolicy: 'IfNotPresent',
    });
    expect(logs.resources).toEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } });
    expect(logs.containers).toEqual([]);
    expect(logs.initContainers).toHaveLength(1);
    expect(logs.initContainers[0]).not.toHaveProperty('image');
    expect(logs.initContainers[0]).not.toHaveProperty('imagePullPolicy');
    expect(logs.initContainers[0]).not.toHaveProperty('resources');
    expect(logs.initContainers[0].restartPolicy).toBe('Always');
    expect(logs.roles).toEqual([{ container: 'logs', role: 'sidecar/log-forwarder' }]);
    // the ConfigMap volume names the owner; the template makes <fullname>-<owner> of it
    expect(logs.volumes).toEqual([
      { name: 'logs-logs', emptyDir: {} },
      { name: 'logs-config', configMap: { name: 'logs' } },
      { name: 'logs-fluent-bit-state', emptyDir: {} },
    ]);
    expect(Object.keys(logs.config)).toEqual(['logs']);
    expect(Object.keys(logs.config.logs)).toEqual(['fluent-bit.conf', 'parsers.conf']);
    expect(logs.appVolumeMounts).toEqual([{ name: 'logs-logs', mountPath: '/var/log/orders' }]);
    // nothing empty is kept
    for (const key of ['appEnv', 'servicePorts', 'frontServicePorts', 'replacesServicePorts', 'podAnnotations']) {
      expect(logs).not.toHaveProperty(key);
    }
    expect(logs).not.toHaveProperty('serviceAnnotations');
    expect(logs).not.toHaveProperty('objects');
    expect(logs).not.toHaveProperty('networkPolicy');

    // each helper only in its own group
    expect(Object.keys(v.sidecars)).toEqual(['logs']);
    expect(Object.keys(v.ambassadors)).toEqual(['payments']);
    expect(Object.keys(v.adapters)).toEqual(['metrics']);

    const payments = v.ambassadors.payments;
    expect(payments.appEnv).toEqual([{ name: 'PAYMENTS_URL', value: 'http://127.0.0.1:9000' }]);
    expect(payments.networkPolicy).toEqual({
      egressPorts: [{ port: 443, protocol: 'TCP' }],
      egressPurposes: ['payments 443/TCP: upstream api.payments.example.com'],
    });
    expect(payments.roles).toEqual([{ container: 'payments', role: 'ambassador/http-egress' }]);

    const metrics = v.adapters.metrics;
    expect(metrics.initContainers).toEqual([]);
    expect(metrics.containers.map((c: Obj) => c.name)).toEqual(['metrics']);
    expect(metrics.servicePorts).toEqual([{ name: 'metrics', port: 9102, targetPort: 'metrics', protocol: 'TCP' }]);
    expect(metrics.podAnnotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9102',
      'prometheus.io/path': '/metrics',
    });
    expect(metrics.networkPolicy).toEqual({ ports: [{ port: 'metrics', protocol: 'TCP' }] });
  });

  it("an extra object: its name as a suffix of the app's, the release's selector left to the template", () => {
    const v = valuesOf({
      app: { name: 'api', namespace: 'web', image: 'api:1', ports: [{ name: 'http', containerPort: 8080 }] },
      adapters: [
        {
          preset: 'prometheus-exporter',
          name: 'nginx-metrics',
          source: 'nginx',
          port: 'http',
          serviceMonitor: { enabled: true, interval: '30s', labels: { release: 'prom' } },
        },
      ],
      target: { kubernetesVersion: '1.33', registryMirror: 'mirror.acme.example/hub' },
    } as RequestBody);
    const block = v.adapters['nginx-metrics'];
    expect(block.image).toMatchObject({
      registry: 'mirror.acme.example',
      repository: 'hub/nginx/nginx-prometheus-exporter',
    });
    // strict: no key left with an undefined value (the ServiceMonitor has no annotations)
    expect(block.objects).toStrictEqual([
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        nameSuffix: '-nginx-metrics',
        // only the label the chart's own labels do not have
        labels: { release: 'prom' },
        selectRelease: true,
        spec: { endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }] },
      },
    ]);
  });

  it('a reverse proxy in front of the app: its front port, and the app port it replaces, in its NetworkPolicy part', () => {
    const edge = valuesOf(example('storefront-reverse-proxy')).ambassadors.edge;
    expect(edge.frontServicePorts).toEqual([{ name: 'http', port: 443, targetPort: 'https-proxy', protocol: 'TCP' }]);
    expect(edge.replacesServicePorts).toEqual(['http']);
    expect(edge.networkPolicy).toEqual({
      frontPorts: [{ port: 'https-proxy', protocol: 'TCP' }],
      replacesAppPorts: [{ port: 'http', protocol: 'TCP' }],
    });
  });

  // No preset today gives one helper two images or two ConfigMaps (git-sync's two containers share
  // theirs); the block's rule is for any helper: a container keeps only what differs from the block.
  it("a helper's container keeps its own image, pull policy and resources where they differ from the block's", () => {
    const parts = bundleParts(example('orders-logging-egress'));
    const logs = parts.helpers.find((h) => h.name === 'logs')!;
    const first = logs.containers[0]!.container;
    logs.containers.push(
      {
        container: {
          name: 'logs-shipper',
          image: 'registry.example/shipper:2',
          imagePullPolicy: 'Always',
          resources: { requests: { cpu: '5m' } },
        },
        placement: 'container',
      },
      {
        container: {
          name: 'logs-twin',
          image: first.image,
          imagePullPolicy: first.imagePullPolicy,
          resources: structuredClone(first.resources),
        },
        placement: 'container',
      },
    );
    logs.configMaps.push({ owner: 'logs-extra', data: { 'extra.conf': 'x' } });
    logs.volumes.push(
      { name: 'logs-extra-config', configMap: { name: 'orders-logs-extra' } },
      { name: 'shared', configMap: { name: 'shared-settings' } },
    );
    const block = (buildValues(parts) as Obj).sidecars.logs;
    expect(block.containers).toStrictEqual([
      {
        name: 'logs-shipper',
        image: 'registry.example/shipper:2',
        imagePullPolicy: 'Always',
        resources: { requests: { cpu: '5m' } },
      },
      { name: 'logs-twin' },
    ]);
    // each owned ConfigMap's volume names its own owner; a ConfigMap the helper does not own keeps its name
    expect(block.volumes).toEqual([
      { name: 'logs-logs', emptyDir: {} },
      { name: 'logs-config', configMap: { name: 'logs' } },
      { name: 'logs-fluent-bit-state', emptyDir: {} },
      { name: 'logs-extra-config', configMap: { name: 'logs-extra' } },
      { name: 'shared', configMap: { name: 'shared-settings' } },
    ]);
    expect(Object.keys(block.config)).toEqual(['logs', 'logs-extra']);
  });

  // The presets' only extra object is the ServiceMonitor; the rules below hold for any object a helper adds.
  it('an extra object without a spec, or selecting other pods, is kept as it is; one not named after the app is refused', () => {
    const objectsOf = (...objects: Obj[]) => {
      const parts = bundleParts({
        app: { name: 'api', namespace: 'web', image: 'api:1', ports: [{ name: 'http', containerPort: 8080 }] },
        adapters: [{ preset: 'prometheus-exporter', name: 'nginx-metrics', source: 'nginx', port: 'http' }],
      } as RequestBody);
      parts.helpers[0]!.objects = objects as K8sObject[];
      return (buildValues(parts) as Obj).adapters['nginx-metrics'].objects;
    };
    expect(
      objectsOf(
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'api-extra', namespace: 'web', labels: { tier: 'x' }, annotations: { 'a.io/b': 'c' } },
          data: { k: 'v' },
        },
        {
          apiVersion: 'policy/v1',
          kind: 'PodDisruptionBudget',
          metadata: { name: 'api' },
          spec: { selector: { matchLabels: { app: 'other' } }, maxUnavailable: 1 },
        },
      ),
    ).toStrictEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        nameSuffix: '-extra',
        labels: { tier: 'x' },
        annotations: { 'a.io/b': 'c' },
        data: { k: 'v' },
      },
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        nameSuffix: '',
        spec: { selector: { matchLabels: { app: 'other' } }, maxUnavailable: 1 },
      },
    ]);
    for (const name of ['apix', 'web-api']) {
      expect(() => objectsOf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: {} })).toThrow(
        `chart: extra object ConfigMap/${name} is not named after the app`,
      );
    }
  });
});
