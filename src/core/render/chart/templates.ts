// The templates/ folder of a generated chart. Templates hold no user data: everything the request
// said lives in values.yaml and reaches the output through toYaml / toJson, so a value can never
// become template code. The only things written into template text are names the core has
// already checked (chart name, helper names, preset ids), and each passes through `constant()`
// which refuses anything outside a strict grammar.

import { EGRESS_ANNOTATION } from '../../generate/network-policy.js';

export interface TemplateContext {
  /** chart name (the app name) */
  name: string;
  workload: 'Deployment' | 'StatefulSet';
  /** whether objects carry metadata.namespace (the bundle's do when the app names a namespace) */
  namespaced: boolean;
  /** every helper as "<group>/<name>", in the order the pod runs them */
  helperKeys: string[];
  /** each helper container with its role/preset and its helper's key, in pod order */
  roles: { container: string; role: string; helper: string }[];
  /** whether the app declares its own metrics (app.metrics): the chart then has the ServiceMonitor option */
  appMetrics?: boolean;
}

const CONSTANT = /^[a-z0-9]([-a-z0-9./]*[a-z0-9])?$/;

/** A name checked to be safe inside template text. */
export function constant(value: string): string {
  if (!CONSTANT.test(value)) throw new Error(`chart: refusing to write ${JSON.stringify(value)} into a template`);
  return value;
}

/** `{{ range }}` over the values blocks of the enabled helpers, binding $key and $helper. */
const forEnabledHelpers = (n: string) => [
  `{{- range $key := include "${n}.enabledHelperKeys" $ | splitList " " | compact }}`,
  `{{- $helper := index $.Values (dir $key) (base $key) }}`,
];
/** The same over every helper, enabled or not. */
const forAllHelpers = (n: string) => [
  `{{- range $key := include "${n}.helperKeys" $ | splitList " " | compact }}`,
  `{{- $helper := index $.Values (dir $key) (base $key) }}`,
];

function metadata(ctx: TemplateContext, nameExpr: string, indent = 0): string[] {
  const pad = ' '.repeat(indent);
  const n = ctx.name;
  return [
    `${pad}metadata:`,
    `${pad}  name: ${nameExpr}`,
    ...(ctx.namespaced ? [`${pad}  namespace: {{ $.Release.Namespace | quote }}`] : []),
    `${pad}  labels:`,
    `${pad}    {{- include "${n}.labels" $ | nindent ${indent + 4} }}`,
  ];
}

const lines = (...parts: (string | string[])[]) => parts.flat().join('\n') + '\n';

function helpersTpl(ctx: TemplateContext): string {
  const n = constant(ctx.name);
  const keys = ctx.helperKeys.map(constant).join(' ');
  const roles = ctx.roles.map(({ container, role, helper }) => {
    const [group, name] = constant(helper).split('/');
    return [
      `{{- if (index .Values "${group}" "${name}").enabled }}`,
      `{{- $roles = append $roles (printf "%q:%q" "${constant(container)}" "${constant(role)}") }}`,
      `{{- end }}`,
    ];
  });
  return lines(
    `{{/*`,
    `Expand the name of the chart.`,
    `*/}}`,
    `{{- define "${n}.name" -}}`,
    `{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}`,
    `{{- end }}`,
    ``,
    `{{/*`,
    `Create a default fully qualified app name.`,
    `We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).`,
    `If release name contains chart name it will be used as a full name.`,
    `*/}}`,
    `{{- define "${n}.fullname" -}}`,
    `{{- if .Values.fullnameOverride }}`,
    `{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}`,
    `{{- else }}`,
    `{{- $name := default .Chart.Name .Values.nameOverride }}`,
    `{{- if contains $name .Release.Name }}`,
    `{{- .Release.Name | trunc 63 | trimSuffix "-" }}`,
    `{{- else }}`,
    `{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}`,
    `{{- end }}`,
    `{{- end }}`,
    `{{- end }}`,
    ``,
    `{{/*`,
    `Create chart name and version as used by the chart label.`,
    `*/}}`,
    `{{- define "${n}.chart" -}}`,
    `{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}`,
    `{{- end }}`,
    ``,
    `{{/*`,
    `Common labels: the labels from values, then the recommended ones (which win).`,
    `*/}}`,
    `{{- define "${n}.labels" -}}`,
    `{{- $labels := deepCopy (.Values.labels | default dict) }}`,
    `{{- $labels = set $labels "helm.sh/chart" (include "${n}.chart" .) }}`,
    `{{- $labels = set $labels "app.kubernetes.io/name" (include "${n}.name" .) }}`,
    `{{- $labels = set $labels "app.kubernetes.io/instance" .Release.Name }}`,
    `{{- $labels = set $labels "app.kubernetes.io/component" .Values.component }}`,
    `{{- $labels = set $labels "app.kubernetes.io/part-of" .Values.partOf }}`,
    `{{- $labels = set $labels "app.kubernetes.io/managed-by" .Release.Service }}`,
    `{{- toYaml $labels }}`,
    `{{- end }}`,
    ``,
    `{{/*`,
    `Selector labels`,
    `*/}}`,
    `{{- define "${n}.selectorLabels" -}}`,
    `app.kubernetes.io/name: {{ include "${n}.name" . | quote }}`,
    `app.kubernetes.io/instance: {{ .Release.Name | quote }}`,
    `{{- end }}`,
    ``,
    `{{/*`,
    `Pod labels: podLabels from values plus the common labels (which win).`,
    `*/}}`,
    `{{- define "${n}.podLabels" -}}`,
    `{{- $labels := deepCopy (.Values.podLabels | default dict) }}`,
    `{{- range $k, $v := include "${n}.labels" . | fromYaml }}`,
    `{{- $labels = set $labels $k $v }}`,
    `{{- end }}`,
    `{{- toYaml $labels }}`,
    `{{- end }}`,
    ``,
    `{{/*`,
    `Create the name of the service account to use`,
    `*/}}`,
    `{{- define "${n}.serviceAccountName" -}}`,
    `{{- if .Values.serviceAccount.create }}`,
    `{{- default (include "${n}.fullname" .) .Values.serviceAccount.name }}`,
    `{{- else }}`,
    `{{- default "default" .Values.serviceAccount.name }}`,
    `{{- end }}`,
    `{{- end }}`,
    ``,
    `{{/*`,
    `An image reference from an image block (repository, tag, digest).`,
    `*/}}`,
    `{{- define "${n}.image" -}}`,
    `{{- .repository }}{{ with .tag }}:{{ . }}{{ end }}{{ with .digest }}@{{ . }}{{ end }}`,
    `{{- end }}`,
    ``,
    `{{/*`,
    `Every helper (sidecar, ambassador, adapter) as "<group>/<name>", in the order the pod runs them.`,
    `*/}}`,
    `{{- define "${n}.helperKeys" -}}`,
    keys,
    `{{- end }}`,
    ``,
    `{{/*`,
    `The helpers whose block says enabled: true.`,
    `*/}}`,
    `{{- define "${n}.enabledHelperKeys" -}}`,
    `{{- $keys := list }}`,
    `{{- range $key := include "${n}.helperKeys" . | splitList " " | compact }}`,
    `{{- if (index $.Values (dir $key) (base $key)).enabled }}`,
    `{{- $keys = append $keys $key }}`,
    `{{- end }}`,
    `{{- end }}`,
    `{{- join " " $keys }}`,
    `{{- end }}`,
    ``,
    `{{/*`,
    `The role of each container (JSON, in pod order), so validators recognise the patterns.`,
    `*/}}`,
    `{{- define "${n}.roles" -}}`,
    `{{- $roles := list (printf "%q:%q" .Chart.Name "main") }}`,
    roles.flat(),
    `{{- printf "{%s}" (join "," $roles) }}`,
    `{{- end }}`,
    ``,
    `{{/*`,
    `Pod annotations: podAnnotations from values, the enabled helpers' annotations, a checksum of`,
    `each helper's config files (so a config change rolls the pods) and the roles.`,
    `*/}}`,
    `{{- define "${n}.podAnnotations" -}}`,
    `{{- $annotations := deepCopy (.Values.podAnnotations | default dict) }}`,
    forEnabledHelpers(n),
    `{{- range $k, $v := $helper.podAnnotations | default dict }}`,
    `{{- $annotations = set $annotations $k $v }}`,
    `{{- end }}`,
    `{{- range $owner, $files := $helper.config | default dict }}`,
    `{{- $annotations = set $annotations (printf "checksum/config-%s" $owner) (toRawJson $files | sha256sum) }}`,
    `{{- end }}`,
    `{{- end }}`,
    `{{- $annotations = set $annotations "pod-patterns.io/roles" (include "${n}.roles" .) }}`,
    `{{- toYaml $annotations }}`,
    `{{- end }}`,
    ``,
    `{{/*`,
    `The Service ports the app's clients reach: the app's own, except those an enabled helper in front`,
    `of the app (a reverse proxy) takes the place of, then those helpers' front ports.`,
    `*/}}`,
    `{{- define "${n}.clientServicePorts" -}}`,
    `{{- $replaced := list }}`,
    `{{- $front := list }}`,
    forEnabledHelpers(n),
    `{{- $replaced = concat $replaced ($helper.replacesServicePorts | default list) }}`,
    `{{- $front = concat $front ($helper.frontServicePorts | default list) }}`,
    `{{- end }}`,
    `{{- $ports := list }}`,
    `{{- range .Values.service.ports | default list }}`,
    `{{- if not (has .name $replaced) }}{{ $ports = append $ports . }}{{ end }}`,
    `{{- end }}`,
    `{{- toYaml (concat $ports $front) }}`,
    `{{- end }}`,
    ``,
    `{{/*`,
    `Service ports: the clients', then the enabled helpers' own (metrics).`,
    `*/}}`,
    `{{- define "${n}.servicePorts" -}}`,
    `{{- $ports := include "${n}.clientServicePorts" . | fromYamlArray }}`,
    forEnabledHelpers(n),
    `{{- $ports = concat $ports ($helper.servicePorts | default list) }}`,
    `{{- end }}`,
    `{{- toYaml $ports }}`,
    `{{- end }}`,
    ``,
    podSpecDefine(n),
  );
}

function podSpecDefine(n: string): string[] {
  return [
    `{{/*`,
    `The pod spec. The app container comes from the top-level values; each enabled helper adds its`,
    `containers, the env vars and mounts it gives the app, and its volumes. A helper's volume stays`,
    `when another enabled helper still mounts it.`,
    `*/}}`,
    `{{- define "${n}.podSpec" -}}`,
    `{{- $fullname := include "${n}.fullname" . }}`,
    `{{- $used := dict }}`,
    forEnabledHelpers(n),
    `{{- range $c := concat ($helper.initContainers | default list) ($helper.containers | default list) }}`,
    `{{- range $m := $c.volumeMounts | default list }}{{ $_ := set $used $m.name true }}{{ end }}`,
    `{{- end }}`,
    `{{- range $m := $helper.appVolumeMounts | default list }}{{ $_ := set $used $m.name true }}{{ end }}`,
    `{{- end }}`,
    `{{- $main := dict "name" .Chart.Name "image" (include "${n}.image" .Values.image) }}`,
    `{{- with .Values.image.pullPolicy }}{{ $_ := set $main "imagePullPolicy" . }}{{ end }}`,
    `{{- with .Values.command }}{{ $_ := set $main "command" . }}{{ end }}`,
    `{{- with .Values.args }}{{ $_ := set $main "args" . }}{{ end }}`,
    `{{- with .Values.ports }}{{ $_ := set $main "ports" . }}{{ end }}`,
    `{{- $env := .Values.env | default list }}`,
    forEnabledHelpers(n),
    `{{- $env = concat $env ($helper.appEnv | default list) }}`,
    `{{- end }}`,
    `{{- with $env }}{{ $_ := set $main "env" . }}{{ end }}`,
    `{{- with .Values.resources }}{{ $_ := set $main "resources" . }}{{ end }}`,
    `{{- with .Values.probes.startup }}{{ $_ := set $main "startupProbe" . }}{{ end }}`,
    `{{- with .Values.probes.readiness }}{{ $_ := set $main "readinessProbe" . }}{{ end }}`,
    `{{- with .Values.probes.liveness }}{{ $_ := set $main "livenessProbe" . }}{{ end }}`,
    `{{- with .Values.securityContext }}{{ $_ := set $main "securityContext" . }}{{ end }}`,
    `{{- $mounts := list }}`,
    `{{- with .Values.persistence }}{{ $mounts = append $mounts (dict "name" .name "mountPath" .mountPath) }}{{ end }}`,
    `{{- $mounts = concat $mounts (.Values.volumeMounts | default list) }}`,
    `{{- $volumes := .Values.volumes | default list }}`,
    forAllHelpers(n),
    `{{- $own := list }}`,
    `{{- range $v := $helper.volumes | default list }}`,
    `{{- $own = append $own $v.name }}`,
    `{{- if or $helper.enabled (hasKey $used $v.name) }}`,
    `{{- if and $v.configMap (hasKey ($helper.config | default dict) ($v.configMap.name | default "")) }}`,
    `{{- $v = deepCopy $v }}`,
    `{{- $_ := set $v.configMap "name" (printf "%s-%s" $fullname $v.configMap.name) }}`,
    `{{- end }}`,
    `{{- $volumes = append $volumes $v }}`,
    `{{- end }}`,
    `{{- end }}`,
    `{{- range $m := $helper.appVolumeMounts | default list }}`,
    `{{- if or $helper.enabled (and (has $m.name $own) (hasKey $used $m.name)) }}`,
    `{{- $mounts = append $mounts $m }}`,
    `{{- end }}`,
    `{{- end }}`,
    `{{- end }}`,
    `{{- with $mounts }}{{ $_ := set $main "volumeMounts" . }}{{ end }}`,
    `{{- $init := list }}`,
    `{{- $containers := list $main }}`,
    forEnabledHelpers(n),
    `{{- range $list := list "initContainers" "containers" }}`,
    `{{- range $c := index $helper $list | default list }}`,
    `{{- $c = deepCopy $c }}`,
    `{{- if not (hasKey $c "image") }}{{ $_ := set $c "image" (include "${n}.image" $helper.image) }}{{ end }}`,
    `{{- if and (not (hasKey $c "imagePullPolicy")) $helper.image.pullPolicy }}{{ $_ := set $c "imagePullPolicy" $helper.image.pullPolicy }}{{ end }}`,
    `{{- if and (not (hasKey $c "resources")) $helper.resources }}{{ $_ := set $c "resources" $helper.resources }}{{ end }}`,
    `{{- if eq $list "initContainers" }}{{ $init = append $init $c }}{{ else }}{{ $containers = append $containers $c }}{{ end }}`,
    `{{- end }}`,
    `{{- end }}`,
    `{{- end }}`,
    `{{- $spec := dict "serviceAccountName" (include "${n}.serviceAccountName" .) "automountServiceAccountToken" .Values.serviceAccount.automount "containers" $containers }}`,
    `{{- with .Values.podSecurityContext }}{{ $_ := set $spec "securityContext" . }}{{ end }}`,
    `{{- with $init }}{{ $_ := set $spec "initContainers" . }}{{ end }}`,
    `{{- with $volumes }}{{ $_ := set $spec "volumes" . }}{{ end }}`,
    `{{- with .Values.nodeSelector }}{{ $_ := set $spec "nodeSelector" . }}{{ end }}`,
    `{{- with .Values.tolerations }}{{ $_ := set $spec "tolerations" . }}{{ end }}`,
    `{{- with .Values.affinity }}{{ $_ := set $spec "affinity" . }}{{ end }}`,
    `{{- toYaml $spec }}`,
    `{{- end }}`,
  ].flat();
}

function workloadTemplate(ctx: TemplateContext): string {
  const n = ctx.name;
  const statefulSet = ctx.workload === 'StatefulSet';
  return lines(
    `apiVersion: apps/v1`,
    `kind: ${ctx.workload}`,
    metadata(ctx, `{{ include "${n}.fullname" . }}`),
    `  {{- with .Values.workloadAnnotations }}`,
    `  annotations:`,
    `    {{- toYaml . | nindent 4 }}`,
    `  {{- end }}`,
    `spec:`,
    statefulSet ? [`  serviceName: {{ include "${n}.fullname" . }}-headless`, `  podManagementPolicy: {{ .Values.podManagementPolicy | toJson }}`] : [],
    `  {{- if not .Values.autoscaling.enabled }}`,
    `  replicas: {{ .Values.replicaCount | toJson }}`,
    `  {{- end }}`,
    `  selector:`,
    `    matchLabels:`,
    `      {{- include "${n}.selectorLabels" . | nindent 6 }}`,
    `  template:`,
    `    metadata:`,
    `      labels:`,
    `        {{- include "${n}.podLabels" . | nindent 8 }}`,
    `      annotations:`,
    `        {{- include "${n}.podAnnotations" . | nindent 8 }}`,
    `    spec:`,
    `      {{- include "${n}.podSpec" . | nindent 6 }}`,
    statefulSet
      ? [
          `  {{- with .Values.persistence }}`,
          `  volumeClaimTemplates:`,
          `    - apiVersion: v1`,
          `      kind: PersistentVolumeClaim`,
          `      metadata:`,
          `        name: {{ .name | toJson }}`,
          `        labels:`,
          `          {{- include "${n}.selectorLabels" $ | nindent 10 }}`,
          `      spec:`,
          `        accessModes:`,
          `          {{- toYaml .accessModes | nindent 10 }}`,
          `        {{- with .storageClassName }}`,
          `        storageClassName: {{ . | toJson }}`,
          `        {{- end }}`,
          `        resources:`,
          `          requests:`,
          `            storage: {{ .size | toJson }}`,
          `  {{- end }}`,
        ]
      : [],
  );
}

function serviceTemplate(ctx: TemplateContext): string {
  const n = ctx.name;
  return lines(
    `{{- $ports := include "${n}.servicePorts" . | fromYamlArray }}`,
    `{{- $annotations := deepCopy (.Values.service.annotations | default dict) }}`,
    forEnabledHelpers(n),
    `{{- range $k, $v := $helper.serviceAnnotations | default dict }}`,
    `{{- $annotations = set $annotations $k $v }}`,
    `{{- end }}`,
    `{{- end }}`,
    `{{- if $ports }}`,
    `apiVersion: v1`,
    `kind: Service`,
    metadata(ctx, `{{ include "${n}.fullname" . }}`),
    `  {{- with $annotations }}`,
    `  annotations:`,
    `    {{- toYaml . | nindent 4 }}`,
    `  {{- end }}`,
    `spec:`,
    `  type: {{ .Values.service.type | toJson }}`,
    `  selector:`,
    `    {{- include "${n}.selectorLabels" . | nindent 4 }}`,
    `  ports:`,
    `    {{- toYaml $ports | nindent 4 }}`,
    `{{- end }}`,
  );
}

/** The StatefulSet's governing Service: every app port, ready or not. */
function headlessServiceTemplate(ctx: TemplateContext): string {
  const n = ctx.name;
  return lines(
    `{{- $ports := list }}`,
    `{{- range .Values.ports }}`,
    `{{- $ports = append $ports (dict "name" .name "port" .containerPort "targetPort" .name "protocol" (.protocol | default "TCP")) }}`,
    `{{- end }}`,
    `apiVersion: v1`,
    `kind: Service`,
    metadata(ctx, `{{ include "${n}.fullname" . }}-headless`),
    `spec:`,
    `  clusterIP: None`,
    `  publishNotReadyAddresses: true`,
    `  selector:`,
    `    {{- include "${n}.selectorLabels" . | nindent 4 }}`,
    `  {{- with $ports }}`,
    `  ports:`,
    `    {{- toYaml . | nindent 4 }}`,
    `  {{- end }}`,
  );
}

function serviceAccountTemplate(ctx: TemplateContext): string {
  const n = ctx.name;
  return lines(
    `{{- if .Values.serviceAccount.create }}`,
    `apiVersion: v1`,
    `kind: ServiceAccount`,
    metadata(ctx, `{{ include "${n}.serviceAccountName" . }}`),
    `  {{- with .Values.serviceAccount.annotations }}`,
    `  annotations:`,
    `    {{- toYaml . | nindent 4 }}`,
    `  {{- end }}`,
    `automountServiceAccountToken: {{ .Values.serviceAccount.automount | toJson }}`,
    `{{- end }}`,
  );
}

function configMapsTemplate(ctx: TemplateContext): string {
  const n = ctx.name;
  return lines(
    `{{- $fullname := include "${n}.fullname" . }}`,
    forEnabledHelpers(n),
    `{{- range $owner, $files := $helper.config | default dict }}`,
    `---`,
    `apiVersion: v1`,
    `kind: ConfigMap`,
    metadata(ctx, `{{ printf "%s-%s" $fullname $owner }}`),
    `data:`,
    `  {{- toYaml $files | nindent 2 }}`,
    `{{- end }}`,
    `{{- end }}`,
  );
}

function pdbTemplate(ctx: TemplateContext): string {
  const n = ctx.name;
  return lines(
    `{{- $fewest := ternary .Values.autoscaling.minReplicas .Values.replicaCount .Values.autoscaling.enabled }}`,
    `{{- if and .Values.podDisruptionBudget.enabled (gt (int $fewest) 1) }}`,
    `apiVersion: policy/v1`,
    `kind: PodDisruptionBudget`,
    metadata(ctx, `{{ include "${n}.fullname" . }}`),
    `spec:`,
    `  maxUnavailable: {{ .Values.podDisruptionBudget.maxUnavailable | toJson }}`,
    `  selector:`,
    `    matchLabels:`,
    `      {{- include "${n}.selectorLabels" . | nindent 6 }}`,
    `{{- end }}`,
  );
}

/**
 * The HorizontalPodAutoscaler: ContainerResource metrics on the app container. Settings that
 * could never work (min above max, a utilisation target without the request it divides by) fail
 * the rendering with a message instead of making an HPA that never scales.
 */
function hpaTemplate(ctx: TemplateContext): string {
  const n = ctx.name;
  return lines(
    `{{- if .Values.autoscaling.enabled }}`,
    `{{- $a := .Values.autoscaling }}`,
    `{{- if gt (int $a.minReplicas) (int $a.maxReplicas) }}`,
    `{{- fail (printf "autoscaling.minReplicas (%v) is more than autoscaling.maxReplicas (%v)" $a.minReplicas $a.maxReplicas) }}`,
    `{{- end }}`,
    `{{- $metrics := list }}`,
    `{{- range $m := list (list "cpu" "targetCPUUtilizationPercentage") (list "memory" "targetMemoryUtilizationPercentage") }}`,
    `{{- $resource := index $m 0 }}`,
    `{{- $field := index $m 1 }}`,
    `{{- with index $a $field }}`,
    `{{- if not (or (dig "requests" $resource "" $.Values.resources) (dig "limits" $resource "" $.Values.resources)) }}`,
    `{{- fail (printf "autoscaling.%s needs resources.requests.%s: utilisation is use divided by request" $field $resource) }}`,
    `{{- end }}`,
    `{{- $metrics = append $metrics (dict "type" "ContainerResource" "containerResource" (dict "name" $resource "container" $.Chart.Name "target" (dict "type" "Utilization" "averageUtilization" .))) }}`,
    `{{- end }}`,
    `{{- end }}`,
    `{{- if not $metrics }}`,
    `{{- fail "autoscaling needs targetCPUUtilizationPercentage and/or targetMemoryUtilizationPercentage" }}`,
    `{{- end }}`,
    `apiVersion: autoscaling/v2`,
    `kind: HorizontalPodAutoscaler`,
    metadata(ctx, `{{ include "${n}.fullname" . }}`),
    `spec:`,
    `  scaleTargetRef:`,
    `    apiVersion: apps/v1`,
    `    kind: ${ctx.workload}`,
    `    name: {{ include "${n}.fullname" . }}`,
    `  minReplicas: {{ $a.minReplicas | toJson }}`,
    `  maxReplicas: {{ $a.maxReplicas | toJson }}`,
    `  metrics:`,
    `    {{- toYaml $metrics | nindent 4 }}`,
    `  {{- with $a.behavior }}`,
    `  behavior:`,
    `    {{- toYaml . | nindent 4 }}`,
    `  {{- end }}`,
    `{{- end }}`,
  );
}

/**
 * The NetworkPolicy: the app's Service ports from ingressFrom, the enabled helpers' Service ports
 * from metricsFrom, a StatefulSet's pods to each other; with restricted egress, DNS, the enabled
 * helpers' declared egress (each port once, their purposes in an annotation) and extraEgress.
 */
function networkPolicyTemplate(ctx: TemplateContext): string {
  const n = ctx.name;
  const portRefs = (target: string, list: string, port: string) => [
    `{{- range ${list} }}`,
    `{{- ${target} = append ${target} (dict "port" ${port} "protocol" (.protocol | default "TCP")) }}`,
    `{{- end }}`,
  ];
  const rule = (ports: string, peers: string) => [
    `{{- if ${ports} }}`,
    `{{- $rule := dict "ports" ${ports} }}`,
    `{{- with ${peers} }}{{ $_ := set $rule "from" . }}{{ end }}`,
    `{{- $ingress = append $ingress $rule }}`,
    `{{- end }}`,
  ];
  return lines(
    `{{- if .Values.networkPolicy.enabled }}`,
    `{{- $np := .Values.networkPolicy }}`,
    `{{- $ingress := list }}`,
    `{{- $appPorts := list }}`,
    portRefs('$appPorts', `include "${n}.clientServicePorts" . | fromYamlArray`, '(.targetPort | default .port)'),
    rule('$appPorts', '$np.ingressFrom'),
    `{{- $helperPorts := list }}`,
    forEnabledHelpers(n),
    portRefs('$helperPorts', '$helper.servicePorts | default list', '(.targetPort | default .port)'),
    `{{- end }}`,
    rule('$helperPorts', '$np.metricsFrom'),
    ctx.workload === 'StatefulSet'
      ? [
          `{{- $peerPorts := list }}`,
          ...portRefs('$peerPorts', '.Values.ports', '.name'),
          `{{- if $peerPorts }}`,
          `{{- $ingress = append $ingress (dict "from" (list (dict "podSelector" (dict "matchLabels" (include "${n}.selectorLabels" . | fromYaml)))) "ports" $peerPorts) }}`,
          `{{- end }}`,
        ]
      : [],
    `{{- $restricted := eq $np.egress "restricted" }}`,
    `{{- $egress := list }}`,
    `{{- $purposes := list }}`,
    `{{- if $restricted }}`,
    `{{- $dns := dict "ports" (list (dict "port" 53 "protocol" "UDP") (dict "port" 53 "protocol" "TCP")) }}`,
    `{{- with $np.dnsTo }}{{ $_ := set $dns "to" . }}{{ end }}`,
    `{{- $egress = append $egress $dns }}`,
    `{{- $seen := dict }}`,
    `{{- $ports := list }}`,
    forEnabledHelpers(n),
    `{{- range $e := $helper.egress | default list }}`,
    `{{- $id := printf "%v/%s" $e.port $e.protocol }}`,
    `{{- if not (hasKey $seen $id) }}`,
    `{{- $_ := set $seen $id true }}`,
    `{{- $ports = append $ports (dict "port" $e.port "protocol" $e.protocol) }}`,
    `{{- end }}`,
    `{{- $purposes = append $purposes (printf "%s %s: %s" (base $key) $id $e.purpose) }}`,
    `{{- end }}`,
    `{{- end }}`,
    `{{- with $ports }}{{ $egress = append $egress (dict "ports" .) }}{{ end }}`,
    `{{- $egress = concat $egress ($np.extraEgress | default list) }}`,
    `{{- end }}`,
    `apiVersion: networking.k8s.io/v1`,
    `kind: NetworkPolicy`,
    metadata(ctx, `{{ include "${n}.fullname" . }}`),
    `  {{- with $purposes }}`,
    `  annotations:`,
    `    ${constant(EGRESS_ANNOTATION)}: {{ toRawJson . | quote }}`,
    `  {{- end }}`,
    `spec:`,
    `  podSelector:`,
    `    matchLabels:`,
    `      {{- include "${n}.selectorLabels" . | nindent 6 }}`,
    `  policyTypes:`,
    `    - Ingress`,
    `    {{- if $restricted }}`,
    `    - Egress`,
    `    {{- end }}`,
    `  {{- with $ingress }}`,
    `  ingress:`,
    `    {{- toYaml . | nindent 4 }}`,
    `  {{- end }}`,
    `  {{- with $egress }}`,
    `  egress:`,
    `    {{- toYaml . | nindent 4 }}`,
    `  {{- end }}`,
    `{{- end }}`,
  );
}

/** The ServiceMonitor of the app's own metrics (metrics.serviceMonitor.enabled). */
function serviceMonitorTemplate(ctx: TemplateContext): string {
  const n = ctx.name;
  return lines(
    `{{- $m := .Values.metrics }}`,
    `{{- if $m.serviceMonitor.enabled }}`,
    `{{- $labels := deepCopy ($m.serviceMonitor.labels | default dict) }}`,
    `{{- range $k, $v := include "${n}.labels" $ | fromYaml }}{{ $labels = set $labels $k $v }}{{ end }}`,
    `apiVersion: monitoring.coreos.com/v1`,
    `kind: ServiceMonitor`,
    `metadata:`,
    `  name: {{ include "${n}.fullname" . }}`,
    ...(ctx.namespaced ? [`  namespace: {{ $.Release.Namespace | quote }}`] : []),
    `  labels:`,
    `    {{- toYaml $labels | nindent 4 }}`,
    `spec:`,
    `  selector:`,
    `    matchLabels:`,
    `      {{- include "${n}.selectorLabels" . | nindent 6 }}`,
    `  endpoints:`,
    `    - port: {{ $m.port | toJson }}`,
    `      path: {{ $m.path | toJson }}`,
    `      {{- with $m.serviceMonitor.interval }}`,
    `      interval: {{ . | toJson }}`,
    `      {{- end }}`,
    `{{- end }}`,
  );
}

/** Objects a helper adds beside the pod (e.g. a ServiceMonitor), named and labelled for the release. */
function objectsTemplate(ctx: TemplateContext): string {
  const n = ctx.name;
  return lines(
    `{{- $fullname := include "${n}.fullname" . }}`,
    forEnabledHelpers(n),
    `{{- range $object := $helper.objects | default list }}`,
    `{{- $labels := deepCopy ($object.labels | default dict) }}`,
    `{{- range $k, $v := include "${n}.labels" $ | fromYaml }}{{ $labels = set $labels $k $v }}{{ end }}`,
    `{{- $body := deepCopy (omit $object "apiVersion" "kind" "nameSuffix" "labels" "annotations" "selectRelease") }}`,
    `{{- if $object.selectRelease }}`,
    `{{- $body = set $body "spec" (set ($body.spec | default dict) "selector" (dict "matchLabels" (include "${n}.selectorLabels" $ | fromYaml))) }}`,
    `{{- end }}`,
    `---`,
    `apiVersion: {{ $object.apiVersion | toJson }}`,
    `kind: {{ $object.kind | toJson }}`,
    `metadata:`,
    `  name: {{ printf "%s%s" $fullname $object.nameSuffix }}`,
    ...(ctx.namespaced ? [`  namespace: {{ $.Release.Namespace | quote }}`] : []),
    `  labels:`,
    `    {{- toYaml $labels | nindent 4 }}`,
    `  {{- with $object.annotations }}`,
    `  annotations:`,
    `    {{- toYaml . | nindent 4 }}`,
    `  {{- end }}`,
    `{{ toYaml $body }}`,
    `{{- end }}`,
    `{{- end }}`,
  );
}

/** `helm test`: one restricted-level container per TCP Service port, each checking it answers. */
function testTemplate(ctx: TemplateContext): string {
  const n = ctx.name;
  return lines(
    `{{- if .Values.tests.enabled }}`,
    `{{- $fullname := include "${n}.fullname" . }}`,
    `{{- $securityContext := dict "allowPrivilegeEscalation" false "capabilities" (dict "drop" (list "ALL")) "readOnlyRootFilesystem" true "runAsNonRoot" true "runAsUser" .Values.tests.runAsUser "runAsGroup" .Values.tests.runAsUser }}`,
    `{{- $containers := list }}`,
    `{{- range $port := include "${n}.servicePorts" . | fromYamlArray }}`,
    `{{- if eq ($port.protocol | default "TCP") "TCP" }}`,
    `{{- $container := dict "name" (printf "port-%v" $port.port) "image" (include "${n}.image" $.Values.tests.image) "command" (list "nc" "-z" "-w" "5" $fullname (toString $port.port)) "securityContext" $securityContext "resources" $.Values.tests.resources }}`,
    `{{- with $.Values.tests.image.pullPolicy }}{{ $_ := set $container "imagePullPolicy" . }}{{ end }}`,
    `{{- $containers = append $containers $container }}`,
    `{{- end }}`,
    `{{- end }}`,
    `{{- if $containers }}`,
    `apiVersion: v1`,
    `kind: Pod`,
    metadata(ctx, `{{ $fullname }}-test-connection`),
    `  annotations:`,
    `    helm.sh/hook: test`,
    `    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded`,
    `spec:`,
    `  restartPolicy: Never`,
    `  automountServiceAccountToken: false`,
    `  securityContext:`,
    `    runAsNonRoot: true`,
    `    seccompProfile:`,
    `      type: RuntimeDefault`,
    `  containers:`,
    `    {{- toYaml $containers | nindent 4 }}`,
    `{{- end }}`,
    `{{- end }}`,
  );
}

function notesTemplate(ctx: TemplateContext): string {
  const n = ctx.name;
  return lines(
    `{{- $fullname := include "${n}.fullname" . }}`,
    `{{- $ports := include "${n}.servicePorts" . | fromYamlArray }}`,
    `{{- if .Values.autoscaling.enabled }}`,
    `${ctx.workload} {{ $fullname }} is deployed in namespace {{ .Release.Namespace }}; a HorizontalPodAutoscaler keeps {{ .Values.autoscaling.minReplicas }} to {{ .Values.autoscaling.maxReplicas }} replicas.`,
    `{{- else }}`,
    `${ctx.workload} {{ $fullname }} is deployed in namespace {{ .Release.Namespace }} with {{ .Values.replicaCount }} replica(s).`,
    `{{- end }}`,
    ``,
    `Containers:`,
    `  - {{ .Chart.Name }} (the app): {{ include "${n}.image" .Values.image }}`,
    `{{- range $key := include "${n}.helperKeys" . | splitList " " | compact }}`,
    `{{- $helper := index $.Values (dir $key) (base $key) }}`,
    `  - {{ base $key }} ({{ trimSuffix "s" (dir $key) }}): {{ if $helper.enabled }}{{ include "${n}.image" $helper.image }}{{ else }}turned off{{ end }}`,
    `{{- end }}`,
    `{{- if $ports }}`,
    ``,
    `Inside the cluster, the Service {{ $fullname }}.{{ .Release.Namespace }}.svc answers on:`,
    `{{- range $ports }}`,
    `  - {{ .port }}/{{ .protocol | default "TCP" }} ({{ .name }})`,
    `{{- end }}`,
    ``,
    `From your machine:`,
    `  kubectl --namespace {{ .Release.Namespace }} port-forward service/{{ $fullname }} {{ (first $ports).port }}:{{ (first $ports).port }}`,
    `{{- if .Values.tests.enabled }}`,
    ``,
    `Check that the Service answers:`,
    `  helm test {{ .Release.Name }} --namespace {{ .Release.Namespace }}`,
    `{{- end }}`,
    `{{- else }}`,
    ``,
    `The app exposes no ports, so there is no Service.`,
    `{{- end }}`,
  );
}

/** Every file under templates/, by path relative to the chart folder. */
export function templateFiles(ctx: TemplateContext): Record<string, string> {
  constant(ctx.name);
  const workloadFile = ctx.workload === 'StatefulSet' ? 'templates/statefulset.yaml' : 'templates/deployment.yaml';
  return {
    'templates/_helpers.tpl': helpersTpl(ctx),
    'templates/NOTES.txt': notesTemplate(ctx),
    'templates/serviceaccount.yaml': serviceAccountTemplate(ctx),
    'templates/configmaps.yaml': configMapsTemplate(ctx),
    'templates/service.yaml': serviceTemplate(ctx),
    ...(ctx.workload === 'StatefulSet' ? { 'templates/service-headless.yaml': headlessServiceTemplate(ctx) } : {}),
    [workloadFile]: workloadTemplate(ctx),
    'templates/pdb.yaml': pdbTemplate(ctx),
    'templates/hpa.yaml': hpaTemplate(ctx),
    'templates/networkpolicy.yaml': networkPolicyTemplate(ctx),
    'templates/objects.yaml': objectsTemplate(ctx),
    ...(ctx.appMetrics ? { 'templates/servicemonitor.yaml': serviceMonitorTemplate(ctx) } : {}),
    'templates/tests/test-connection.yaml': testTemplate(ctx),
  };
}
