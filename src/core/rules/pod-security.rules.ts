// Pod Security Standards (the checks of the pod-security-admission library), by level and by
// Kubernetes version. Each check applies to Pods and pod templates, to containers, initContainers
// and ephemeralContainers. A restricted check runs only when the requested level is restricted;
// baseline checks run at both levels.
import type { PodSecurityLevel } from '../model/request.js';
import {
  asArray,
  asObj,
  containerSites,
  objEntries,
  podSites,
  show,
  type ContainerSite,
  type Obj,
  type PodSite,
} from './pod-spec.js';
import type { RawFinding, Rule, RuleExamples } from './rule.js';

interface Violation {
  path: string;
  message: string;
}

interface PssCheck {
  id: string;
  level: PodSecurityLevel;
  /** first minor the check exists in (its current form) */
  since?: number;
  title: string;
  rationale: string;
  examples: RuleExamples;
  check(pod: PodSite, minor: number): Violation[];
}

function isWindows(pod: PodSite): boolean {
  return asObj(pod.spec.os)?.name === 'windows';
}

function podSc(pod: PodSite): Obj {
  return asObj(pod.spec.securityContext) ?? {};
}

function sc(site: ContainerSite): Obj {
  return asObj(site.container.securityContext) ?? {};
}

const scPath = (site: ContainerSite, field?: string) => `${site.path}/securityContext${field ? `/${field}` : ''}`;
const label = (site: ContainerSite) =>
  `${site.list === 'containers' ? 'container' : site.list === 'initContainers' ? 'init container' : 'ephemeral container'} "${site.name ?? site.index}"`;

// ---- example manifests -------------------------------------------------------------------------

const RESTRICTED_POD_SC = `  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
`;
const RESTRICTED_CONTAINER_SC = `      securityContext:
        allowPrivilegeEscalation: false
        capabilities:
          drop: [ALL]
`;

/** A Pod "web" whose pod securityContext and container lines are given; the rest is plain. */
function pssPod(podLevel: string, container: string, extra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
${podLevel}  containers:
    - name: web
      image: nginx:1.27
${container}${extra}`;
}

/** A restricted-compliant pod with one change in the container's securityContext or the pod. */
const restrictedPod = (containerSc = RESTRICTED_CONTAINER_SC, podLevel = RESTRICTED_POD_SC, extra = '') =>
  pssPod(podLevel, containerSc, extra);

const baselineExamples = (failing: string, passing: string, at?: RuleExamples['at'], minor?: number): RuleExamples => ({
  failing,
  passing,
  ...(at ? { at } : {}),
  podSecurity: 'baseline',
  ...(minor ? { minor } : {}),
});

const restrictedExamples = (failing: string, passing: string, at?: RuleExamples['at']): RuleExamples => ({
  failing,
  passing,
  ...(at ? { at } : {}),
  podSecurity: 'restricted',
});

// ---- baseline ----------------------------------------------------------------------------------

const hostNamespaces: PssCheck = {
  id: 'pss.host-namespaces',
  level: 'baseline',
  title: 'No host network, PID or IPC namespace',
  rationale:
    "Sharing the host namespaces gives the pod the node's network, processes or IPC, so it can snoop on or disturb everything else on the node.",
  examples: baselineExamples(pssPod('  hostNetwork: true\n', ''), pssPod('  hostNetwork: false\n', ''), {
    path: '/spec/hostNetwork',
    line: 6,
  }),
  check(pod) {
    return (['hostNetwork', 'hostPID', 'hostIPC'] as const)
      .filter((f) => pod.spec[f] === true)
      .map((f) => ({ path: `${pod.specPath}/${f}`, message: `${f}: true is not allowed` }));
  },
};

const privileged: PssCheck = {
  id: 'pss.privileged',
  level: 'baseline',
  title: 'No privileged containers',
  rationale: 'A privileged container has every capability and all host devices: root on the node.',
  examples: baselineExamples(
    pssPod('', '      securityContext:\n        privileged: true\n'),
    pssPod('', '      securityContext:\n        privileged: false\n'),
    { path: '/spec/containers/0/securityContext/privileged', line: 10 },
  ),
  check(pod) {
    return containerSites(pod)
      .filter((s) => sc(s).privileged === true)
      .map((s) => ({ path: scPath(s, 'privileged'), message: `${label(s)} must not be privileged` }));
  },
};

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

function addedCapabilities(site: ContainerSite): [string, number][] {
  return asArray(asObj(sc(site).capabilities)?.add).map((c, i) => [show(c), i]);
}

const capabilitiesBaseline: PssCheck = {
  id: 'pss.capabilities-baseline',
  level: 'baseline',
  title: 'Capabilities added only from the default container set',
  rationale:
    "Capabilities beyond the runtime's default set (NET_ADMIN, SYS_ADMIN, ...) let a container reconfigure the node or escape.",
  examples: baselineExamples(
    pssPod('', '      securityContext:\n        capabilities:\n          add: [NET_ADMIN]\n'),
    pssPod('', '      securityContext:\n        capabilities:\n          add: [NET_BIND_SERVICE]\n'),
    { path: '/spec/containers/0/securityContext/capabilities/add/0', line: 11 },
  ),
  check(pod) {
    return containerSites(pod).flatMap((s) =>
      addedCapabilities(s)
        .filter(([c]) => !BASELINE_CAPABILITIES.has(c))
        .map(([c, i]) => ({
          path: scPath(s, `capabilities/add/${i}`),
          message: `${label(s)} adds capability ${c}, which is not in the baseline set`,
        })),
    );
  },
};

const hostPathVolumes: PssCheck = {
  id: 'pss.host-path-volumes',
  level: 'baseline',
  title: 'No hostPath volumes',
  rationale: "A hostPath volume exposes the node's file system to the pod.",
  examples: baselineExamples(
    pssPod('', '', '  volumes:\n    - name: logs\n      hostPath:\n        path: /var/log\n'),
    pssPod('', '', '  volumes:\n    - name: logs\n      emptyDir: {}\n'),
    { path: '/spec/volumes/0/hostPath', line: 11 },
  ),
  check(pod) {
    return objEntries(pod.spec.volumes)
      .filter(([v]) => v.hostPath !== undefined && v.hostPath !== null)
      .map(([v, i]) => ({
        path: `${pod.specPath}/volumes/${i}/hostPath`,
        message: `volume "${show(v.name)}" is a hostPath volume`,
      }));
  },
};

const hostPorts: PssCheck = {
  id: 'pss.host-ports',
  level: 'baseline',
  title: 'No host ports',
  rationale:
    "A hostPort binds the node's own address, bypassing network policy and colliding with other pods on the node.",
  examples: baselineExamples(
    pssPod('', '      ports:\n        - containerPort: 8080\n          hostPort: 8080\n'),
    pssPod('', '      ports:\n        - containerPort: 8080\n'),
    { path: '/spec/containers/0/ports/0/hostPort', line: 11 },
  ),
  check(pod) {
    return containerSites(pod).flatMap((s) =>
      objEntries(s.container.ports)
        .filter(([p]) => p.hostPort !== undefined && p.hostPort !== null && p.hostPort !== 0)
        .map(([p, i]) => ({
          path: `${s.path}/ports/${i}/hostPort`,
          message: `${label(s)} uses hostPort ${show(p.hostPort)}`,
        })),
    );
  },
};

const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';
const appArmorTypeOk = (type: unknown) =>
  type === undefined || type === null || type === 'RuntimeDefault' || type === 'Localhost';

const appArmor: PssCheck = {
  id: 'pss.apparmor',
  level: 'baseline',
  title: 'AppArmor profile only RuntimeDefault or Localhost',
  rationale: 'Unconfined turns off the AppArmor protection the runtime applies by default.',
  examples: baselineExamples(
    pssPod('  securityContext:\n    appArmorProfile:\n      type: Unconfined\n', ''),
    pssPod('  securityContext:\n    appArmorProfile:\n      type: RuntimeDefault\n', ''),
    { path: '/spec/securityContext/appArmorProfile/type', line: 8 },
  ),
  check(pod) {
    const out: Violation[] = [];
    for (const [key, value] of Object.entries(asObj(pod.metadata.annotations) ?? {})) {
      if (!key.startsWith(APPARMOR_ANNOTATION)) continue;
      const v = show(value);
      if (v !== '' && v !== 'runtime/default' && !v.startsWith('localhost/')) {
        out.push({
          path: `${pod.metaPath}/annotations/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
          message: `AppArmor annotation ${key}: ${v} is not allowed (runtime/default or localhost/*)`,
        });
      }
    }
    const podType = asObj(podSc(pod).appArmorProfile)?.type;
    if (!appArmorTypeOk(podType))
      out.push({
        path: `${pod.specPath}/securityContext/appArmorProfile/type`,
        message: `appArmorProfile type ${show(podType)} is not allowed (RuntimeDefault or Localhost)`,
      });
    for (const s of containerSites(pod)) {
      const type = asObj(sc(s).appArmorProfile)?.type;
      if (!appArmorTypeOk(type))
        out.push({
          path: scPath(s, 'appArmorProfile/type'),
          message: `${label(s)}: appArmorProfile type ${show(type)} is not allowed (RuntimeDefault or Localhost)`,
        });
    }
    return out;
  },
};

const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
/** container_engine_t joined the allowed types in 1.31. */
const SELINUX_ENGINE_MINOR = 31;

const seLinux: PssCheck = {
  id: 'pss.selinux',
  level: 'baseline',
  title: 'SELinux type only a container type; no custom user or role',
  rationale: 'A custom SELinux user, role or type can lift the confinement the runtime applies.',
  examples: baselineExamples(
    pssPod('', '      securityContext:\n        seLinuxOptions:\n          type: spc_t\n'),
    pssPod('', '      securityContext:\n        seLinuxOptions:\n          type: container_t\n'),
    { path: '/spec/containers/0/securityContext/seLinuxOptions/type', line: 11 },
  ),
  check(pod, minor) {
    const allowed = minor >= SELINUX_ENGINE_MINOR ? [...SELINUX_TYPES, 'container_engine_t'] : SELINUX_TYPES;
    const sites: { options: Obj | undefined; path: string; who: string }[] = [
      {
        options: asObj(podSc(pod).seLinuxOptions),
        path: `${pod.specPath}/securityContext/seLinuxOptions`,
        who: 'the pod',
      },
      ...containerSites(pod).map((s) => ({
        options: asObj(sc(s).seLinuxOptions),
        path: scPath(s, 'seLinuxOptions'),
        who: label(s),
      })),
    ];
    const out: Violation[] = [];
    for (const { options, path, who } of sites) {
      if (!options) continue;
      if (options.type !== undefined && options.type !== null && !allowed.includes(show(options.type))) {
        out.push({
          path: `${path}/type`,
          message: `${who}: SELinux type ${show(options.type)} is not allowed (${allowed.filter(Boolean).join(', ')})`,
        });
      }
      for (const f of ['user', 'role'] as const) {
        if (options[f]) out.push({ path: `${path}/${f}`, message: `${who}: SELinux ${f} must not be set` });
      }
    }
    return out;
  },
};

/** From 1.35, baseline allows an unmasked /proc in a user namespace (hostUsers: false). */
const PROC_MOUNT_USERNS_MINOR = 35;

const procMountViolations = (pod: PodSite, who: string) =>
  containerSites(pod)
    .filter((s) => sc(s).procMount !== undefined && sc(s).procMount !== null && sc(s).procMount !== 'Default')
    .map((s) => ({
      path: scPath(s, 'procMount'),
      message: `${label(s)}: procMount ${show(sc(s).procMount)} is not allowed${who}`,
    }));

const procMount: PssCheck = {
  id: 'pss.proc-mount',
  level: 'baseline',
  title: 'procMount Default (from 1.35, Unmasked only in a user namespace)',
  rationale:
    "An unmasked /proc exposes kernel interfaces the runtime normally hides; inside a user namespace (hostUsers: false) they are not the host's.",
  examples: baselineExamples(
    pssPod('  hostUsers: true\n', '      securityContext:\n        procMount: Unmasked\n'),
    pssPod('  hostUsers: true\n', '      securityContext:\n        procMount: Default\n'),
    { path: '/spec/containers/0/securityContext/procMount', line: 11 },
  ),
  check(pod, minor) {
    if (minor >= PROC_MOUNT_USERNS_MINOR && pod.spec.hostUsers === false) return [];
    return procMountViolations(pod, minor >= PROC_MOUNT_USERNS_MINOR ? ' unless the pod sets hostUsers: false' : '');
  },
};

const SECCOMP_ANNOTATION_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_ANNOTATION_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';

const seccompBaseline: PssCheck = {
  id: 'pss.seccomp-baseline',
  level: 'baseline',
  title: 'seccomp profile not Unconfined',
  rationale: 'Unconfined turns off the seccomp filter, opening every system call to the container.',
  examples: baselineExamples(
    pssPod('  securityContext:\n    seccompProfile:\n      type: Unconfined\n', ''),
    pssPod('  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n', ''),
    { path: '/spec/securityContext/seccompProfile/type', line: 8 },
  ),
  check(pod) {
    const out: Violation[] = [];
    if (asObj(podSc(pod).seccompProfile)?.type === 'Unconfined')
      out.push({
        path: `${pod.specPath}/securityContext/seccompProfile/type`,
        message: "the pod's seccompProfile must not be Unconfined",
      });
    for (const s of containerSites(pod)) {
      if (asObj(sc(s).seccompProfile)?.type === 'Unconfined')
        out.push({
          path: scPath(s, 'seccompProfile/type'),
          message: `${label(s)}: seccompProfile must not be Unconfined`,
        });
    }
    for (const [key, value] of Object.entries(asObj(pod.metadata.annotations) ?? {})) {
      if ((key === SECCOMP_ANNOTATION_POD || key.startsWith(SECCOMP_ANNOTATION_CONTAINER)) && value === 'unconfined') {
        out.push({
          path: `${pod.metaPath}/annotations/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
          message: `annotation ${key}: unconfined is not allowed`,
        });
      }
    }
    return out;
  },
};

/** Safe sysctls by the minor that allowed them. */
const SAFE_SYSCTLS: [number, string[]][] = [
  [
    0,
    [
      'kernel.shm_rmid_forced',
      'net.ipv4.ip_local_port_range',
      'net.ipv4.ip_unprivileged_port_start',
      'net.ipv4.tcp_syncookies',
      'net.ipv4.ping_group_range',
    ],
  ],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [
    29,
    [
      'net.ipv4.tcp_keepalive_time',
      'net.ipv4.tcp_fin_timeout',
      'net.ipv4.tcp_keepalive_intvl',
      'net.ipv4.tcp_keepalive_probes',
    ],
  ],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
];

const sysctlPod = (name: string) =>
  pssPod(`  securityContext:\n    sysctls:\n      - name: ${name}\n        value: "1"\n`, '');

const sysctls: PssCheck = {
  id: 'pss.sysctls',
  level: 'baseline',
  title: 'Only namespaced, safe sysctls',
  rationale: 'Other sysctls change kernel settings shared with the node or other pods.',
  examples: baselineExamples(sysctlPod('kernel.msgmax'), sysctlPod('net.ipv4.tcp_syncookies'), {
    path: '/spec/securityContext/sysctls/0/name',
    line: 8,
  }),
  check(pod, minor) {
    const safe = new Set(SAFE_SYSCTLS.filter(([m]) => minor >= m).flatMap(([, names]) => names));
    return objEntries(podSc(pod).sysctls)
      .filter(([s]) => !safe.has(show(s.name)))
      .map(([s, i]) => ({
        path: `${pod.specPath}/securityContext/sysctls/${i}/name`,
        message: `sysctl ${show(s.name)} is not in the safe set of Kubernetes 1.${minor}`,
      }));
  },
};

const windowsHostProcess: PssCheck = {
  id: 'pss.windows-host-process',
  level: 'baseline',
  title: 'No Windows HostProcess containers',
  rationale: 'A HostProcess container runs directly on the Windows host with its privileges.',
  examples: baselineExamples(
    pssPod('  securityContext:\n    windowsOptions:\n      hostProcess: true\n', ''),
    pssPod('  securityContext:\n    windowsOptions:\n      hostProcess: false\n', ''),
    { path: '/spec/securityContext/windowsOptions/hostProcess', line: 8 },
  ),
  check(pod) {
    const out: Violation[] = [];
    if (asObj(podSc(pod).windowsOptions)?.hostProcess === true)
      out.push({
        path: `${pod.specPath}/securityContext/windowsOptions/hostProcess`,
        message: 'hostProcess: true is not allowed',
      });
    for (const s of containerSites(pod)) {
      if (asObj(sc(s).windowsOptions)?.hostProcess === true)
        out.push({
          path: scPath(s, 'windowsOptions/hostProcess'),
          message: `${label(s)}: hostProcess: true is not allowed`,
        });
    }
    return out;
  },
};

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const LIFECYCLE = ['postStart', 'preStop'];

const hostProbes: PssCheck = {
  id: 'pss.host-probes',
  level: 'baseline',
  since: 34,
  title: 'Probes and lifecycle handlers do not set host (from 1.34)',
  rationale:
    'A probe or lifecycle handler with a host makes the kubelet connect to any address it names, a server-side request forgery channel from the node.',
  examples: baselineExamples(
    pssPod('', '      livenessProbe:\n        httpGet:\n          host: metadata.internal\n          port: 8080\n'),
    pssPod('', '      livenessProbe:\n        httpGet:\n          port: 8080\n'),
    { path: '/spec/containers/0/livenessProbe/httpGet/host', line: 11 },
    34,
  ),
  check(pod) {
    const out: Violation[] = [];
    for (const s of containerSites(pod)) {
      const handlers: [Obj | undefined, string][] = [
        ...PROBES.map((p) => [asObj(s.container[p]), `${s.path}/${p}`] as [Obj | undefined, string]),
        ...LIFECYCLE.map(
          (h) => [asObj(asObj(s.container.lifecycle)?.[h]), `${s.path}/lifecycle/${h}`] as [Obj | undefined, string],
        ),
      ];
      for (const [handler, path] of handlers) {
        for (const kind of ['httpGet', 'tcpSocket']) {
          const host = asObj(handler?.[kind])?.host;
          if (typeof host === 'string' && host !== '')
            out.push({
              path: `${path}/${kind}/host`,
              message: `${label(s)}: ${kind}.host "${host}" is not allowed; probes and hooks go to the pod itself`,
            });
        }
      }
    }
    return out;
  },
};

// ---- restricted --------------------------------------------------------------------------------

const RESTRICTED_VOLUMES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

const volumeTypes: PssCheck = {
  id: 'pss.volume-types',
  level: 'restricted',
  title: 'Volumes only of the restricted types',
  rationale:
    'Restricted pods use only volume types that carry no node or network credentials: configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret.',
  examples: restrictedExamples(
    restrictedPod(
      undefined,
      undefined,
      '  volumes:\n    - name: shared\n      nfs:\n        server: nfs.internal\n        path: /exports\n',
    ),
    restrictedPod(
      undefined,
      undefined,
      '  volumes:\n    - name: shared\n      persistentVolumeClaim:\n        claimName: shared\n',
    ),
    { path: '/spec/volumes/0/nfs', line: 19 },
  ),
  check(pod) {
    return objEntries(pod.spec.volumes).flatMap(([v, i]) =>
      Object.keys(v)
        .filter((k) => k !== 'name' && v[k] !== null && v[k] !== undefined && !RESTRICTED_VOLUMES.has(k))
        .map((k) => ({
          path: `${pod.specPath}/volumes/${i}/${k}`,
          message: `volume "${show(v.name)}" is of type ${k}, which restricted pods may not use`,
        })),
    );
  },
};

const allowPrivilegeEscalation: PssCheck = {
  id: 'pss.allow-privilege-escalation',
  level: 'restricted',
  title: 'allowPrivilegeEscalation explicitly false',
  rationale:
    'Without it a process can gain more privileges than its parent (setuid binaries). Windows pods are exempt.',
  examples: restrictedExamples(
    restrictedPod('      securityContext:\n        capabilities:\n          drop: [ALL]\n'),
    restrictedPod(),
    { path: '/spec/containers/0/securityContext/allowPrivilegeEscalation', line: 13 },
  ),
  check(pod) {
    if (isWindows(pod)) return [];
    return containerSites(pod)
      .filter((s) => sc(s).allowPrivilegeEscalation !== false)
      .map((s) => ({
        path: scPath(s, 'allowPrivilegeEscalation'),
        message: `${label(s)} must set securityContext.allowPrivilegeEscalation: false`,
      }));
  },
};

const runAsNonRoot: PssCheck = {
  id: 'pss.run-as-non-root',
  level: 'restricted',
  title: 'runAsNonRoot true on the pod or on every container, and never false',
  rationale: 'The kubelet then refuses to start a container whose user is root, whatever the image says.',
  examples: restrictedExamples(
    restrictedPod(undefined, '  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n'),
    restrictedPod(),
    { path: '/spec/containers/0/securityContext/runAsNonRoot', line: 12 },
  ),
  check(pod) {
    const out: Violation[] = [];
    const podValue = podSc(pod).runAsNonRoot;
    if (podValue === false)
      out.push({
        path: `${pod.specPath}/securityContext/runAsNonRoot`,
        message: 'the pod must not set runAsNonRoot: false',
      });
    for (const s of containerSites(pod)) {
      const v = sc(s).runAsNonRoot;
      if (v === false)
        out.push({ path: scPath(s, 'runAsNonRoot'), message: `${label(s)} must not set runAsNonRoot: false` });
      else if (v !== true && podValue !== true)
        out.push({
          path: scPath(s, 'runAsNonRoot'),
          message: `${label(s)} must set runAsNonRoot: true (or the pod must)`,
        });
    }
    return out;
  },
};

const runAsUser: PssCheck = {
  id: 'pss.run-as-user',
  level: 'restricted',
  title: 'runAsUser not 0',
  rationale: 'User 0 is root.',
  examples: restrictedExamples(
    restrictedPod(`${RESTRICTED_CONTAINER_SC}        runAsUser: 0\n`),
    restrictedPod(`${RESTRICTED_CONTAINER_SC}        runAsUser: 101\n`),
    { path: '/spec/containers/0/securityContext/runAsUser', line: 17 },
  ),
  check(pod) {
    const out: Violation[] = [];
    if (podSc(pod).runAsUser === 0)
      out.push({ path: `${pod.specPath}/securityContext/runAsUser`, message: 'the pod must not run as user 0' });
    for (const s of containerSites(pod)) {
      if (sc(s).runAsUser === 0)
        out.push({ path: scPath(s, 'runAsUser'), message: `${label(s)} must not run as user 0` });
    }
    return out;
  },
};

const seccompOk = (type: unknown) => type === 'RuntimeDefault' || type === 'Localhost';

const seccompRestricted: PssCheck = {
  id: 'pss.seccomp-restricted',
  level: 'restricted',
  title: 'seccompProfile RuntimeDefault or Localhost on the pod or on every container',
  rationale:
    "The runtime's default seccomp filter blocks system calls containers do not need. Windows pods are exempt.",
  examples: restrictedExamples(
    restrictedPod(undefined, '  securityContext:\n    runAsNonRoot: true\n'),
    restrictedPod(),
    { path: '/spec/containers/0/securityContext/seccompProfile/type', line: 11 },
  ),
  check(pod) {
    if (isWindows(pod)) return [];
    const out: Violation[] = [];
    const podType = asObj(podSc(pod).seccompProfile)?.type;
    if (podType !== undefined && podType !== null && !seccompOk(podType)) {
      out.push({
        path: `${pod.specPath}/securityContext/seccompProfile/type`,
        message: `the pod's seccompProfile type ${show(podType)} is not allowed (RuntimeDefault or Localhost)`,
      });
    }
    for (const s of containerSites(pod)) {
      const type = asObj(sc(s).seccompProfile)?.type;
      if (type !== undefined && type !== null) {
        if (!seccompOk(type))
          out.push({
            path: scPath(s, 'seccompProfile/type'),
            message: `${label(s)}: seccompProfile type ${show(type)} is not allowed (RuntimeDefault or Localhost)`,
          });
      } else if (!seccompOk(podType)) {
        out.push({
          path: scPath(s, 'seccompProfile/type'),
          message: `${label(s)} must set seccompProfile type RuntimeDefault or Localhost (or the pod must)`,
        });
      }
    }
    return out;
  },
};

const capabilitiesRestricted: PssCheck = {
  id: 'pss.capabilities-restricted',
  level: 'restricted',
  title: 'Capabilities: drop ALL, add at most NET_BIND_SERVICE',
  rationale:
    'Restricted containers start with no capabilities; binding a port below 1024 is the only one they may add back. Windows pods are exempt.',
  examples: restrictedExamples(
    restrictedPod(
      '      securityContext:\n        allowPrivilegeEscalation: false\n        capabilities:\n          drop: [NET_RAW]\n',
    ),
    restrictedPod(),
    { path: '/spec/containers/0/securityContext/capabilities/drop', line: 16 },
  ),
  check(pod) {
    if (isWindows(pod)) return [];
    const out: Violation[] = [];
    for (const s of containerSites(pod)) {
      const caps = asObj(sc(s).capabilities);
      if (!asArray(caps?.drop).includes('ALL'))
        out.push({ path: scPath(s, 'capabilities/drop'), message: `${label(s)} must drop ALL capabilities` });
      for (const [c, i] of addedCapabilities(s)) {
        if (c !== 'NET_BIND_SERVICE')
          out.push({
            path: scPath(s, `capabilities/add/${i}`),
            message: `${label(s)} may add only NET_BIND_SERVICE, not ${c}`,
          });
      }
    }
    return out;
  },
};

const procMountRestricted: PssCheck = {
  id: 'pss.proc-mount-restricted',
  level: 'restricted',
  since: 35,
  title: 'procMount Default, even in a user namespace (from 1.35)',
  rationale:
    'Restricted pods keep the masked /proc even when baseline would allow an unmasked one in a user namespace.',
  examples: {
    ...restrictedExamples(
      restrictedPod(
        `${RESTRICTED_CONTAINER_SC}        procMount: Unmasked\n`,
        `${RESTRICTED_POD_SC}  hostUsers: false\n`,
      ),
      restrictedPod(
        `${RESTRICTED_CONTAINER_SC}        procMount: Default\n`,
        `${RESTRICTED_POD_SC}  hostUsers: false\n`,
      ),
      { path: '/spec/containers/0/securityContext/procMount', line: 18 },
    ),
    minor: 35,
  },
  check(pod) {
    return procMountViolations(pod, ' at the restricted level');
  },
};

const CHECKS: PssCheck[] = [
  hostNamespaces,
  privileged,
  capabilitiesBaseline,
  hostPathVolumes,
  hostPorts,
  appArmor,
  seLinux,
  procMount,
  seccompBaseline,
  sysctls,
  windowsHostProcess,
  hostProbes,
  volumeTypes,
  allowPrivilegeEscalation,
  runAsNonRoot,
  runAsUser,
  seccompRestricted,
  capabilitiesRestricted,
  procMountRestricted,
];

function toRule(c: PssCheck): Rule {
  return {
    id: c.id,
    layer: 'pod-security',
    severity: 'error',
    title: c.title,
    rationale: `${c.rationale} Pod Security Standards, ${c.level} level${c.since ? `, from Kubernetes 1.${c.since}` : ''}${c.level === 'baseline' ? ' (and restricted)' : ''}.`,
    seeAlso: ['pod-security-admission', 'kube-linter', 'kubescape'],
    examples: c.examples,
    check(ctx): RawFinding[] {
      if (c.level === 'restricted' && ctx.podSecurity !== 'restricted') return [];
      if (c.since !== undefined && ctx.minor < c.since) return [];
      return podSites(ctx).flatMap((pod) =>
        c.check(pod, ctx.minor).map((v) => ({
          document: pod.document,
          path: v.path,
          message: `${v.message} (Pod Security ${c.level}, 1.${ctx.minor})`,
        })),
      );
    },
  };
}

export const POD_SECURITY_RULES: Rule[] = CHECKS.map(toRule);
