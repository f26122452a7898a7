import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runRules } from './engine.js';
import { POD_RULES } from './pod.rules.js';
import type { RuleContext } from './rule.js';

function ctx(yaml: string, mode: RuleContext['mode'] = 'validate'): RuleContext {
  const documents = parseAllDocuments(yaml).map((d, index) => ({ index, object: d.toJS() }));
  return { documents, minor: 33, podSecurity: 'baseline', mode };
}

const pod = (spec: object, kind = 'Pod') =>
  JSON.stringify(
    kind === 'Pod'
      ? { apiVersion: 'v1', kind, metadata: { name: 'p' }, spec }
      : {
          apiVersion: 'apps/v1',
          kind,
          metadata: { name: 'p' },
          spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec } },
        },
  );

const ids = (yaml: string, mode?: RuleContext['mode']) =>
  runRules(ctx(yaml, mode), POD_RULES).map((f) => `${f.rule}:${f.severity}:${f.path}`);

describe('pod rules', () => {
  it('finds duplicate names across containers and initContainers, and bad names', () => {
    const y = pod(
      {
        initContainers: [{ name: 'a', image: 'x' }],
        containers: [
          { name: 'a', image: 'x' },
          { name: 'My_C', image: 'x' },
        ],
      },
      'Deployment',
    );
    expect(ids(y)).toEqual([
      'container.name:error:/spec/template/spec/containers/0/name',
      'container.name:error:/spec/template/spec/containers/1/name',
    ]);
  });

  it('port collision is an error when generating and a warning when validating; native sidecars count', () => {
    const spec = {
      initContainers: [{ name: 's', image: 'x', restartPolicy: 'Always', ports: [{ containerPort: 80 }] }],
      containers: [
        {
          name: 'a',
          image: 'x',
          ports: [
            { containerPort: 80, protocol: 'TCP' },
            { containerPort: 53, protocol: 'UDP' },
            { containerPort: 53 },
          ],
        },
      ],
    };
    expect(ids(pod(spec), 'generate')).toEqual(['pod.port-collision:error:/spec/containers/0/ports/0/containerPort']);
    expect(ids(pod(spec))).toEqual(['pod.port-collision:warning:/spec/containers/0/ports/0/containerPort']);
  });

  it('a one-shot init container does not collide with the containers that start after it', () => {
    const spec = {
      initContainers: [{ name: 'i', image: 'x', ports: [{ containerPort: 80 }] }],
      containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80 }] }],
    };
    expect(ids(pod(spec))).toEqual([]);
  });

  it('StatefulSet claim templates count as volumes; subPath may not climb out', () => {
    const sts = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: {
            containers: [
              {
                name: 'db',
                image: 'x',
                volumeMounts: [
                  { name: 'data', mountPath: '/d' },
                  { name: 'data', mountPath: '/d', subPath: '../etc' },
                  { name: 'logs', mountPath: '/l' },
                ],
              },
            ],
          },
        },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }],
      },
    };
    expect(ids(JSON.stringify(sts))).toEqual([
      'container.volume-mount:error:/spec/template/spec/containers/0/volumeMounts/1/mountPath',
      'container.volume-mount:error:/spec/template/spec/containers/0/volumeMounts/1/subPath',
      'container.volume-mount:error:/spec/template/spec/containers/0/volumeMounts/2/name',
    ]);
  });

  it('probes need exactly one handler and a port name of their own container', () => {
    const spec = {
      containers: [
        {
          name: 'a',
          image: 'x',
          ports: [{ name: 'http', containerPort: 80 }],
          livenessProbe: { httpGet: { port: 'http' }, exec: { command: ['true'] } },
          readinessProbe: {},
        },
        { name: 'b', image: 'x', startupProbe: { tcpSocket: { port: 'http' } } },
      ],
    };
    expect(ids(pod(spec))).toEqual([
      'container.probe:error:/spec/containers/0/livenessProbe',
      'container.probe:error:/spec/containers/0/readinessProbe',
      'container.probe:error:/spec/containers/1/startupProbe/tcpSocket/port',
    ]);
  });
  it('a volume with only a name is an emptyDir (SetDefaults_Volume); two sources are refused', () => {
    const c = [{ name: 'a', image: 'x' }];
    expect(ids(pod({ containers: c, volumes: [{ name: 'scratch' }] }))).toEqual([]);
    expect(
      ids(pod({ containers: c, volumes: [{ name: 'scratch', emptyDir: {}, secret: { secretName: 's' } }] })),
    ).toEqual(['pod.volumes:error:/spec/volumes/0']);
  });

  it('topology spread: maxSkew and minDomains positive, minDomains only with DoNotSchedule, no repeated key/action, matchLabelKeys not in the selector', () => {
    const spread = (constraints: object[]) =>
      ids(pod({ containers: [{ name: 'a', image: 'x' }], topologySpreadConstraints: constraints }, 'Deployment'));
    const zone = {
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { a: 'b' } },
    };
    const at = '/spec/template/spec/topologySpreadConstraints';
    expect(spread([{ ...zone, maxSkew: 1, minDomains: 3, matchLabelKeys: ['pod-template-hash'] }])).toEqual([]);
    expect(spread([{ ...zone, maxSkew: 0 }])).toEqual([`pod.topology-spread:error:${at}/0/maxSkew`]);
    expect(spread([{ ...zone, maxSkew: 1, minDomains: 0 }])).toEqual([`pod.topology-spread:error:${at}/0/minDomains`]);
    expect(spread([{ ...zone, maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2 }])).toEqual([
      `pod.topology-spread:error:${at}/0/minDomains`,
    ]);
    expect(
      spread([
        { ...zone, maxSkew: 1 },
        { ...zone, maxSkew: 2 },
      ]),
    ).toEqual([`pod.topology-spread:error:${at}/1/topologyKey`]);
    expect(spread([{ ...zone, maxSkew: 1, topologyKey: '' }])).toEqual([
      `pod.topology-spread:error:${at}/0/topologyKey`,
    ]);
    expect(spread([{ ...zone, maxSkew: 1, matchLabelKeys: ['a'] }])).toEqual([
      `pod.topology-spread:error:${at}/0/matchLabelKeys/0`,
    ]);
  });

  it('a pod or template without a spec is a pod without containers', () => {
    expect(ids(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }))).toEqual([
      'pod.containers:error:',
    ]);
    const template = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'p' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } } } },
    };
    expect(ids(JSON.stringify(template))).toEqual(['pod.containers:error:/spec/template']);
  });
});
