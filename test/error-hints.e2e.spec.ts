// Errors that say what to do: a version sent as a number, a port sent as a string, root at Pod
// Security "restricted", Kubernetes fields the service does not take, a StatefulSet without
// storage, a misspelt kind in the validator, and one example per error status in the docs.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from './support/app.js';

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const APP = { name: 'orders', image: 'ghcr.io/acme/orders:1.4.2' };

const post = async (url: string, payload: string, contentType = 'application/json') => {
  const res = await app
    .getHttpAdapter()
    .getInstance()
    .inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload });
  return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, any> };
};
const bundle = (request: unknown) => post('/v1/bundles', JSON.stringify(request));

describe('a version sent as a number', () => {
  it('kubernetesVersion: 1.30 says it must be the string "1.30"', async () => {
    const res = await bundle({ app: APP, target: { kubernetesVersion: 1.3 } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        pointer: '/target/kubernetesVersion',
        detail:
          'kubernetesVersion must be a string such as "1.30", not the number 1.3 (unquoted, 1.30 is the number 1.3); quote it: "1.30"',
      },
    ]);
  });

  it('the same in a YAML request, with its line and column', async () => {
    const res = await post(
      '/v1/bundles',
      `app:\n  name: orders\n  image: ${APP.image}\ntarget:\n  kubernetesVersion: 1.30\n`,
      'application/yaml',
    );
    expect(res.body.errors).toEqual([
      {
        pointer: '/target/kubernetesVersion',
        detail: expect.stringMatching(/^kubernetesVersion must be a string such as "1.30"/),
        line: 5,
        column: 3,
      },
    ]);
  });

  it('a version number without a trailing zero still names the string', async () => {
    const res = await bundle({ app: APP, target: { kubernetesVersion: 1.29 } });
    expect(res.body.errors).toEqual([
      {
        pointer: '/target/kubernetesVersion',
        detail: 'kubernetesVersion must be a string such as "1.29", not the number 1.29; quote it',
      },
    ]);
  });
});

describe('a number sent as a string', () => {
  it('"containerPort": "8080" gives one error, the type error, not the range errors beside it', async () => {
    const res = await bundle({ app: { ...APP, ports: [{ name: 'http', containerPort: '8080' }] } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        pointer: '/app/ports/0/containerPort',
        detail: 'containerPort must be an integer number, not the string "8080"; send 8080 without quotes',
      },
    ]);
  });

  it('a number out of range still gets its range error', async () => {
    const res = await bundle({ app: { ...APP, ports: [{ name: 'http', containerPort: 0 }] } });
    expect(res.body.errors).toEqual([
      { pointer: '/app/ports/0/containerPort', detail: 'containerPort must not be less than 1' },
    ]);
  });
});

describe('the app as root', () => {
  it("runAsUser: 0 is a 400 at the request's own pointer with the hint, as for a custom sidecar", async () => {
    const res = await bundle({ app: { ...APP, securityContext: { runAsUser: 0 } } });
    expect(res.status).toBe(400);
    expect(res.body.findings).toBeUndefined();
    const expected =
      'runAsUser 0 (root) is not allowed at Pod Security level "restricted"; use the non-root uid the image is built for, or target podSecurity "baseline"';
    expect(res.body.errors).toEqual([{ pointer: '/app/securityContext/runAsUser', detail: expected }]);
    const sidecar = await bundle({
      app: APP,
      sidecars: [{ preset: 'custom', name: 'helper', image: 'busybox:1.36', runAsUser: 0 }],
    });
    expect(sidecar.body.errors).toEqual([{ pointer: '/sidecars/0/runAsUser', detail: expected }]);
  });

  it('at podSecurity "baseline" the app runs as root: its container overrides the pod\'s runAsNonRoot', async () => {
    const res = await bundle({
      app: { ...APP, securityContext: { runAsUser: 0 } },
      target: { podSecurity: 'baseline' },
    });
    expect(res.status).toBe(200);
    const deployment = res.body.manifests.find((m: { kind: string }) => m.kind === 'Deployment');
    expect(deployment.spec.template.spec.containers[0].securityContext).toMatchObject({
      runAsUser: 0,
      runAsNonRoot: false,
    });
  });
});

describe('Kubernetes fields the service does not take', () => {
  const errorsFor = async (app: Record<string, unknown>) =>
    (await bundle({ app: { ...APP, ...app } })).body.errors as { pointer: string; detail: string }[];

  it('the pod-level fields that came are taken, with their Kubernetes shapes', async () => {
    const res = await bundle({
      app: {
        ...APP,
        imagePullSecrets: [{ name: 'regcred' }],
        envFrom: [{ secretRef: { name: 'web-env' } }],
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }],
        affinity: {},
        topologySpreadConstraints: [],
        priorityClassName: 'high',
        volumes: [{ name: 'cache', mountPath: '/cache', emptyDir: {} }],
        serviceAccount: { annotations: { 'iam.gke.io/gcp-service-account': 'web@p.iam.gserviceaccount.com' } },
      },
    });
    expect(res.status).toBe(200);
  });

  it('a volume source app.volumes does not take says which it takes', async () => {
    const errors = await errorsFor({ volumes: [{ name: 'host', mountPath: '/host', hostPath: { path: '/' } }] });
    expect(errors).toContainEqual({
      pointer: '/app/volumes/0/hostPath',
      detail: expect.stringContaining(
        'the Kubernetes Volume field "hostPath" is not supported by pod-patterns; a hostPath volume',
      ),
    });
  });

  it('fields with an equivalent name it', async () => {
    const errors = await errorsFor({
      livenessProbe: { tcpSocket: { port: 8080 } },
      serviceAccountName: 'orders',
      volumeMounts: [],
      containers: [],
    });
    expect(errors).toEqual([
      {
        pointer: '/app/livenessProbe',
        detail:
          'unknown field: the Kubernetes Container field "livenessProbe" is not supported by pod-patterns; use probes.liveness instead',
      },
      {
        pointer: '/app/serviceAccountName',
        detail:
          'unknown field: the Kubernetes PodSpec field "serviceAccountName" is not supported by pod-patterns; use serviceAccount.name instead',
      },
      {
        pointer: '/app/volumeMounts',
        detail: expect.stringMatching(
          /^unknown field: the Kubernetes Container field "volumeMounts" is not supported by pod-patterns; give each volume with its mountPath in volumes .*, or use secretMounts .* instead$/,
        ),
      },
      {
        pointer: '/app/containers',
        detail: expect.stringMatching(
          /^unknown field: the Kubernetes PodSpec field "containers" is not supported by pod-patterns; the app is the main container; add others under sidecars/,
        ),
      },
    ]);
  });

  it('nested objects and helpers too, and fields without an equivalent say so', async () => {
    const res = await bundle({
      app: {
        ...APP,
        hostNetwork: true,
        ports: [{ name: 'http', containerPort: 8080, hostPort: 80 }],
        securityContext: { privileged: true },
      },
    });
    expect(res.body.errors).toEqual([
      {
        pointer: '/app/hostNetwork',
        detail: 'unknown field: the Kubernetes PodSpec field "hostNetwork" is not supported by pod-patterns',
      },
      {
        pointer: '/app/ports/0/hostPort',
        detail: expect.stringMatching(
          /^unknown field: the Kubernetes ContainerPort field "hostPort" is not supported by pod-patterns; the app is reached through its Service/,
        ),
      },
      {
        pointer: '/app/securityContext/privileged',
        detail: 'unknown field: the Kubernetes SecurityContext field "privileged" is not supported by pod-patterns',
      },
    ]);
    const helper = await bundle({
      app: APP,
      sidecars: [{ preset: 'custom', name: 'helper', image: 'busybox:1.36', readinessProbe: {} }],
    });
    expect(helper.body.errors).toEqual([
      {
        pointer: '/sidecars/0/readinessProbe',
        detail:
          'unknown field: the Kubernetes Container field "readinessProbe" is not supported by pod-patterns; use probes.liveness, probes.readiness or probes.startup instead',
      },
    ]);
  });

  it('never "check spelling" for a correct Kubernetes name, still "did you mean" for a typo', async () => {
    const errors = await errorsFor({
      terminationGracePeriodSeconds: 30,
      imagePullpolicy: 'Always',
      colour: 'blue',
    });
    expect(errors).toEqual([
      {
        pointer: '/app/terminationGracePeriodSeconds',
        detail:
          'unknown field: the Kubernetes PodSpec field "terminationGracePeriodSeconds" is not supported by pod-patterns',
      },
      {
        pointer: '/app/imagePullpolicy',
        detail: 'unknown field: not part of the schema (check spelling); did you mean "imagePullPolicy"?',
      },
      { pointer: '/app/colour', detail: 'unknown field: not part of the schema (check spelling)' },
    ]);
  });
});

describe('a StatefulSet without storage', () => {
  const RULE = 'app.statefulset-storage';

  it('gets a warning finding: the data lives only in the pod', async () => {
    const res = await bundle({ app: { ...APP, workload: 'StatefulSet' } });
    expect(res.status).toBe(200);
    expect(res.body.findings.filter((f: { rule: string }) => f.rule === RULE)).toEqual([
      {
        rule: RULE,
        severity: 'warning',
        message:
          'StatefulSet "orders" has no storage: what it writes lives only in the pod and is lost when the pod is deleted or moved; give app.storage (a PersistentVolumeClaim per pod) to keep it',
      },
    ]);
  });

  it('none with storage, none for a Deployment', async () => {
    const withStorage = await bundle({
      app: { ...APP, workload: 'StatefulSet', storage: { mountPath: '/data', size: '1Gi' } },
    });
    const deployment = await bundle({ app: APP });
    for (const res of [withStorage, deployment]) {
      expect(res.status).toBe(200);
      expect(res.body.findings.map((f: { rule: string }) => f.rule)).not.toContain(RULE);
    }
  });
});

describe('the validator', () => {
  it('a misspelt kind gets a "did you mean"', async () => {
    const res = await post(
      '/v1/validations',
      'apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: orders\n',
      'application/yaml',
    );
    expect(res.body.findings).toEqual([
      expect.objectContaining({
        rule: 'schema.kind',
        message: 'unknown kind "Deploymnet" for apiVersion apps/v1; did you mean "Deployment"?',
        line: 2,
      }),
    ]);
    const lower = await post(
      '/v1/validations',
      'apiVersion: v1\nkind: configmap\nmetadata:\n  name: c\n',
      'application/yaml',
    );
    expect(lower.body.findings[0].message).toBe(
      'unknown kind "configmap" for apiVersion v1; did you mean "ConfigMap"?',
    );
  });

  it('no guess for a kind unlike any', async () => {
    const res = await post(
      '/v1/validations',
      'apiVersion: apps/v1\nkind: Widget\nmetadata:\n  name: w\n',
      'application/yaml',
    );
    expect(res.body.findings[0].message).toBe('unknown kind "Widget" for apiVersion apps/v1');
  });
});

describe('the docs show, for each error status, an example of that status', () => {
  it('every problem+json response of every operation has an example whose status is its own', async () => {
    const res = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/docs/openapi.json' });
    const spec = JSON.parse(res.body) as {
      paths: Record<
        string,
        Record<
          string,
          { responses: Record<string, { content?: Record<string, { example?: { status: number; title: string } }> }> }
        >
      >;
    };
    const seen = new Set<string>();
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          const problem = response.content?.['application/problem+json'];
          if (!problem) continue;
          expect(problem.example?.status, `${method} ${path} ${status}`).toBe(Number(status));
          seen.add(status);
        }
      }
    }
    expect([...seen].sort()).toEqual(['400', '401', '404', '406', '413', '415', '422', '429', '500', '503']);
  });
});
