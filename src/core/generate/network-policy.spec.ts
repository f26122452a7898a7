import { describe, expect, it } from 'vitest';
import { ordersApp } from '../../../test/support/orders-app.js';
import { invalidRequestOf } from '../../../test/support/request-errors.js';
import type { K8sObject } from '../model/bundle.js';
import { schemaErrors } from '../../../test/support/k8s-models.js';
import type { PresetItem } from '../model/request.js';
import type { AppDto } from '../request/app.js';
import type { BundleRequest } from '../request/bundle.js';
import type { NetworkPolicyDto } from '../request/workload-companions.js';
import { EGRESS_ANNOTATION } from './network-policy.js';
import { composeBundle } from '../../../test/support/validated.js';

type Obj = Record<string, any>;

const app = (extra: Partial<AppDto> = {}): AppDto =>
  ordersApp({
    ports: [
      { name: 'http', containerPort: 8080 },
      { name: 'admin', containerPort: 9091, expose: false },
    ],
    networkPolicy: {},
    ...extra,
  });

const policyOf = (req: BundleRequest): Obj => {
  const bundle = composeBundle(req);
  expect(bundle.findings.filter((f) => f.severity === 'error' || f.rule.startsWith('netpol.'))).toEqual([]);
  const policy = bundle.manifests.find((o) => o.kind === 'NetworkPolicy') as Obj;
  expect(schemaErrors(policy as K8sObject & { apiVersion: string })).toEqual([]);
  return policy;
};
const restricted = (helpers: Pick<BundleRequest, 'sidecars' | 'ambassadors' | 'adapters'>, np: NetworkPolicyDto = {}) =>
  policyOf({ app: app({ networkPolicy: { egress: 'restricted', ...np } }), ...helpers });
/** The helpers' egress rule (the one without peers after DNS) as "port/protocol". */
const helperEgress = (policy: Obj) => (policy.spec.egress[1]?.ports ?? []).map((p: Obj) => `${p.port}/${p.protocol}`);
const purposes = (policy: Obj) => JSON.parse(policy.metadata.annotations?.[EGRESS_ANNOTATION] ?? '[]');
const errorsOf = (np: NetworkPolicyDto) =>
  invalidRequestOf(() => composeBundle({ app: app({ networkPolicy: np }) })).errors;

const selector = { matchLabels: { 'app.kubernetes.io/name': 'orders', 'app.kubernetes.io/instance': 'orders' } };
const exporter: PresetItem = { preset: 'prometheus-exporter', name: 'metrics', source: 'statsd' };

describe('app.networkPolicy', () => {
  it('comes first, selects the pods and admits anyone to the Service ports only; egress stays open', () => {
    const bundle = composeBundle({ app: app() });
    expect(bundle.manifests[0].kind).toBe('NetworkPolicy');
    const policy = policyOf({ app: app() });
    expect(policy.metadata).toMatchObject({
      name: 'orders',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/managed-by': 'pod-patterns' },
    });
    expect(policy.metadata).not.toHaveProperty('annotations');
    expect(policy.spec).toEqual({
      podSelector: selector,
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ port: 'http', protocol: 'TCP' }] }],
    });
  });

  it('admits the metrics port from the monitoring namespace, or from the peers given', () => {
    const byDefault = policyOf({ app: app(), adapters: [exporter] });
    expect(byDefault.spec.ingress[1]).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      ports: [{ port: 'metrics', protocol: 'TCP' }],
    });
    const from = [
      {
        namespaceSelector: { matchLabels: { team: 'observability' } },
        podSelector: { matchLabels: { app: 'prometheus' } },
      },
    ];
    expect(
      policyOf({ app: app({ networkPolicy: { metricsFrom: from } }), adapters: [exporter] }).spec.ingress[1].from,
    ).toEqual(from);
  });

  it('admits the app ports from the peers given', () => {
    const ingressFrom = [
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
      { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
    ];
    expect(policyOf({ app: app({ networkPolicy: { ingressFrom } }) }).spec.ingress).toEqual([
      { from: ingressFrom, ports: [{ port: 'http', protocol: 'TCP' }] },
    ]);
  });

  it("lets a StatefulSet's pods reach each other on every app port", () => {
    const policy = policyOf({
      app: app({
        workload: 'StatefulSet',
        ports: [...app().ports!, { name: 'gossip', containerPort: 7946, protocol: 'UDP', expose: false }],
      }),
    });
    expect(policy.spec.ingress.at(-1)).toEqual({
      from: [{ podSelector: selector }],
      ports: [
        { port: 'http', protocol: 'TCP' },
        { port: 'admin', protocol: 'TCP' },
        { port: 'gossip', protocol: 'UDP' },
      ],
    });
  });

  it('admits nothing when the pod serves no ports', () => {
    expect(policyOf({ app: app({ ports: [], probes: {} }) }).spec).toEqual({
      podSelector: selector,
      policyTypes: ['Ingress'],
    });
  });

  it("with restricted egress allows DNS to kube-dns, the helpers' declared ports and extraEgress", () => {
    const policy = restricted(
      {
        ambassadors: [
          { preset: 'tcp-egress', name: 'orders-db', servers: ['db-1.example.com:5432', 'db-2.example.com:5432'] },
        ],
      },
      { extraEgress: [{ to: [{ podSelector: { matchLabels: { app: 'kafka' } } }], ports: [{ port: 9092 }] }] },
    );
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [
          { port: 53, protocol: 'UDP' },
          { port: 53, protocol: 'TCP' },
        ],
      },
      { ports: [{ port: 5432, protocol: 'TCP' }] },
      { to: [{ podSelector: { matchLabels: { app: 'kafka' } } }], ports: [{ port: 9092, protocol: 'TCP' }] },
    ]);
    expect(purposes(policy)).toEqual([
      'orders-db 5432/TCP: server db-1.example.com',
      'orders-db 5432/TCP: server db-2.example.com',
    ]);
  });

  it('sends DNS where dnsTo says (e.g. NodeLocal DNSCache)', () => {
    const dnsTo = [{ ipBlock: { cidr: '169.254.20.10/32' } }];
    expect(restricted({}, { dnsTo }).spec.egress).toEqual([
      {
        to: dnsTo,
        ports: [
          { port: 53, protocol: 'UDP' },
          { port: 53, protocol: 'TCP' },
        ],
      },
    ]);
  });

  it("derives each helper's egress from what its preset declares", () => {
    const cases: [Pick<BundleRequest, 'sidecars' | 'ambassadors' | 'adapters'>, string[]][] = [
      [
        { ambassadors: [{ preset: 'http-egress', name: 'payments', upstream: 'https://api.payments.example.com' }] },
        ['443/TCP'],
      ],
      [
        {
          ambassadors: [
            {
              preset: 'http-egress',
              name: 'payments',
              upstream: 'http://payments.internal:8081/v1',
              routes: [{ pathPrefix: '/refunds/', upstream: 'https://refunds.example.com' }],
              resolvers: ['10.96.0.10', '10.0.0.2:5353'],
            },
          ],
        },
        ['8081/TCP', '443/TCP', '53/UDP', '53/TCP', '5353/UDP', '5353/TCP'],
      ],
      [
        {
          ambassadors: [
            {
              preset: 'redis-shards',
              name: 'cache',
              servers: ['redis-0.example.com:6379:1', 'redis-1.example.com:6380:1'],
            },
          ],
        },
        ['6379/TCP', '6380/TCP'],
      ],
      [
        {
          sidecars: [
            {
              preset: 'log-forwarder',
              name: 'logs',
              output: { type: 'forward', host: 'fluentd.logging.svc.cluster.local' },
            },
          ],
        },
        ['24224/TCP'],
      ],
      [
        {
          sidecars: [
            { preset: 'log-forwarder', name: 'logs', output: { type: 'http', host: 'logs.example.com', tls: true } },
          ],
        },
        ['443/TCP'],
      ],
      [
        {
          sidecars: [
            { preset: 'log-forwarder', name: 'logs', output: { type: 'loki', host: 'loki.example.com', port: 3101 } },
          ],
        },
        ['3101/TCP'],
      ],
      [{ sidecars: [{ preset: 'log-forwarder', name: 'logs', output: { type: 'stdout' } }] }, []],
      [
        {
          sidecars: [
            { preset: 'git-sync', name: 'content', repo: 'https://github.com/acme/docs.git', mountPath: '/content' },
          ],
        },
        ['443/TCP'],
      ],
      [
        {
          sidecars: [
            { preset: 'git-sync', name: 'content', repo: 'git@github.com:acme/docs.git', mountPath: '/content' },
          ],
        },
        ['22/TCP'],
      ],
      [
        {
          sidecars: [
            {
              preset: 'git-sync',
              name: 'content',
              repo: 'ssh://git@git.example.com:2222/acme/docs.git',
              mountPath: '/content',
            },
          ],
        },
        ['2222/TCP'],
      ],
      [
        {
          sidecars: [
            { preset: 'git-sync', name: 'content', repo: 'git://git.example.com/acme/docs.git', mountPath: '/content' },
          ],
        },
        ['9418/TCP'],
      ],
      [{ adapters: [exporter, { preset: 'log-normalizer', name: 'log-shape' }] }, []],
      [{ adapters: [{ preset: 'prometheus-exporter', name: 'metrics', source: 'redis', port: 'http' }] }, []],
    ];
    for (const [helpers, ports] of cases)
      expect(helperEgress(restricted(helpers)), JSON.stringify(helpers)).toEqual(ports);
  });

  it('names each helper and its purpose in the egress annotation, in pod order', () => {
    const policy = restricted({
      sidecars: [
        { preset: 'git-sync', name: 'content', repo: 'https://github.com/acme/docs.git', mountPath: '/content' },
      ],
      ambassadors: [{ preset: 'http-egress', name: 'payments', upstream: 'https://api.payments.example.com' }],
    });
    expect(helperEgress(policy)).toEqual(['443/TCP']);
    expect(purposes(policy)).toEqual([
      'content 443/TCP: repository github.com',
      'payments 443/TCP: upstream api.payments.example.com',
    ]);
  });

  it('refuses peers that say nothing, mix an IP block with selectors or carry a bad CIDR', () => {
    expect(errorsOf({ ingressFrom: [{}] })).toEqual([
      { pointer: '/app/networkPolicy/ingressFrom/0', detail: expect.stringMatching(/namespaceSelector/) },
    ]);
    expect(errorsOf({ metricsFrom: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] })[0].pointer).toBe(
      '/app/networkPolicy/metricsFrom/0/ipBlock',
    );
    expect(errorsOf({ ingressFrom: [{ ipBlock: { cidr: '10.0.0.0/33' } }] })[0].pointer).toBe(
      '/app/networkPolicy/ingressFrom/0/ipBlock/cidr',
    );
    expect(errorsOf({ ingressFrom: [{ ipBlock: { cidr: '10.0.0.1' } }] })[0].pointer).toBe(
      '/app/networkPolicy/ingressFrom/0/ipBlock/cidr',
    );
    expect(
      errorsOf({
        ingressFrom: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['192.168.0.0/16', '10.0.0.0/8', 'fd00::/8'] } }],
      }).map((e) => e.pointer),
    ).toEqual([
      '/app/networkPolicy/ingressFrom/0/ipBlock/except/0',
      '/app/networkPolicy/ingressFrom/0/ipBlock/except/1',
      '/app/networkPolicy/ingressFrom/0/ipBlock/except/2',
    ]);
    expect(() =>
      composeBundle({
        app: app({
          networkPolicy: { ingressFrom: [{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } }] },
        }),
      }),
    ).not.toThrow();
  });

  it('refuses dnsTo and extraEgress without restricted egress', () => {
    expect(
      errorsOf({ dnsTo: [{ podSelector: {} }], extraEgress: [{ ports: [{ port: 5432 }] }] }).map((e) => e.pointer),
    ).toEqual(['/app/networkPolicy/dnsTo', '/app/networkPolicy/extraEgress']);
    expect(errorsOf({ egress: 'restricted', extraEgress: [{ to: [{}], ports: [{ port: 5432 }] }] })[0].pointer).toBe(
      '/app/networkPolicy/extraEgress/0/to/0',
    );
  });

  it('is deterministic', () => {
    const req = () => ({
      app: app({ networkPolicy: { egress: 'restricted' as const } }),
      ambassadors: [{ preset: 'http-egress', name: 'payments', upstream: 'https://api.example.com' }],
    });
    expect(JSON.stringify(composeBundle(req()))).toBe(JSON.stringify(composeBundle(req())));
  });
});
