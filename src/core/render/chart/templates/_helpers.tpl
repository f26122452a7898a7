{{/*
Expand the name of the chart.
*/}}
{{- define "<CHARTNAME>.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "<CHARTNAME>.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "<CHARTNAME>.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels: commonLabels from values, then labels (the request's), then the recommended ones (which win).
*/}}
{{- define "<CHARTNAME>.labels" -}}
{{- $labels := deepCopy (.Values.commonLabels | default dict) }}
{{- range $k, $v := .Values.labels | default dict }}{{ $labels = set $labels $k $v }}{{ end }}
{{- $labels = set $labels "helm.sh/chart" (include "<CHARTNAME>.chart" .) }}
{{- $labels = set $labels "app.kubernetes.io/name" (include "<CHARTNAME>.name" .) }}
{{- $labels = set $labels "app.kubernetes.io/instance" .Release.Name }}
{{- $labels = set $labels "app.kubernetes.io/component" .Values.component }}
{{- $labels = set $labels "app.kubernetes.io/part-of" .Values.partOf }}
{{- $labels = set $labels "app.kubernetes.io/managed-by" .Release.Service }}
{{- include "<CHARTNAME>.toYaml" $labels }}
{{- end }}

{{/*
Selector labels
*/}}
{{- define "<CHARTNAME>.selectorLabels" -}}
app.kubernetes.io/name: {{ include "<CHARTNAME>.name" . | quote }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
{{- end }}

{{/*
Pod labels: podLabels from values plus the common labels (which win).
*/}}
{{- define "<CHARTNAME>.podLabels" -}}
{{- $labels := deepCopy (.Values.podLabels | default dict) }}
{{- range $k, $v := include "<CHARTNAME>.labels" . | fromYaml }}
{{- $labels = set $labels $k $v }}
{{- end }}
{{- include "<CHARTNAME>.toYaml" $labels }}
{{- end }}

{{/*
Create the name of the service account to use
*/}}
{{- define "<CHARTNAME>.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "<CHARTNAME>.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
toYaml that can carry every string: Go's YAML reader refuses DEL, C1 controls and non-characters
written raw (toYaml writes them raw, so it renders nothing) and reads NEL, U+2028 and U+2029 as line
breaks. Such strings are swapped for markers, the rest goes through toYaml, and each marker is then
replaced by the string double-quoted with escapes (quote writes Go's %q, which YAML reads back).
*/}}
{{- define "<CHARTNAME>.toYaml" -}}
{{- $state := dict "v" . "strings" list "marker" (printf "m%sq" (toRawJson . | sha256sum | trunc 16)) }}
{{- include "<CHARTNAME>.markStrings" $state }}
{{- $out := toYaml $state.v }}
{{- range $i, $s := $state.strings }}
{{- $out = replace (printf "%s%dz" $state.marker $i) (quote $s) $out }}
{{- end }}
{{- $out }}
{{- end }}

{{/*
Replaces .v by a copy whose strings Go's YAML reader cannot read raw are markers, listed in .strings.
*/}}
{{- define "<CHARTNAME>.markStrings" -}}
{{- $v := .v }}
{{- if kindIs "string" $v }}
{{- if regexMatch "[\\x{7f}-\\x{9f}\\x{2028}\\x{2029}\\x{feff}\\x{fffe}\\x{ffff}]" $v }}
{{- $_ := set . "v" (printf "%s%dz" .marker (len .strings)) }}
{{- $_ := set . "strings" (append .strings $v) }}
{{- end }}
{{- else if kindIs "map" $v }}
{{- $copy := dict }}
{{- range $k, $x := $v }}
{{- $child := dict "v" $x "strings" $.strings "marker" $.marker }}
{{- include "<CHARTNAME>.markStrings" $child }}
{{- $_ := set $copy $k $child.v }}
{{- $_ := set $ "strings" $child.strings }}
{{- end }}
{{- $_ := set . "v" $copy }}
{{- else if kindIs "slice" $v }}
{{- $copy := list }}
{{- range $x := $v }}
{{- $child := dict "v" $x "strings" $.strings "marker" $.marker }}
{{- include "<CHARTNAME>.markStrings" $child }}
{{- $copy = append $copy $child.v }}
{{- $_ := set $ "strings" $child.strings }}
{{- end }}
{{- $_ := set . "v" $copy }}
{{- end }}
{{- end }}

{{/*
An image reference from an image block (registry, repository, tag, digest) in (dict "image" <block>
"global" .Values.global): global.imageRegistry, when set, replaces the block's registry (Bitnami's
convention).
*/}}
{{- define "<CHARTNAME>.image" -}}
{{- $registry := .image.registry }}
{{- with .global }}{{ with .imageRegistry }}{{ $registry = . }}{{ end }}{{ end }}
{{- with $registry }}{{ . }}/{{ end }}{{ .image.repository }}{{ with .image.tag }}:{{ . }}{{ end }}{{ with .image.digest }}@{{ . }}{{ end }}
{{- end }}

{{/*
The metadata annotations of an object, from (dict "root" $ "annotations" <its own>): commonAnnotations
from values, then its own (which win); nothing when both are empty.
*/}}
{{- define "<CHARTNAME>.metadataAnnotations" -}}
{{- $annotations := deepCopy (.root.Values.commonAnnotations | default dict) }}
{{- range $k, $v := .annotations | default dict }}{{ $annotations = set $annotations $k $v }}{{ end }}
{{- with $annotations -}}
annotations:
  {{- include "<CHARTNAME>.toYaml" . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
The pod's imagePullSecrets: global.imagePullSecrets (names or {name}), then imagePullSecrets, each
name once.
*/}}
{{- define "<CHARTNAME>.imagePullSecrets" -}}
{{- $names := list }}
{{- range concat ((.Values.global | default dict).imagePullSecrets | default list) (.Values.imagePullSecrets | default list) }}
{{- $name := ternary . (get (kindIs "map" . | ternary . dict) "name") (kindIs "string" .) }}
{{- if not (has $name $names) }}{{ $names = append $names $name }}{{ end }}
{{- end }}
{{- $secrets := list }}
{{- range $names }}{{ $secrets = append $secrets (dict "name" .) }}{{ end }}
{{- with $secrets }}{{ include "<CHARTNAME>.toYaml" . }}{{ end }}
{{- end }}

{{/*
Every helper (sidecar, ambassador, adapter) as "<group>/<name>", in the order the pod runs them.
*/}}
{{- define "<CHARTNAME>.helperKeys" -}}
{{- join " " (.Values.helperOrder | default list) }}
{{- end }}

{{/*
The helpers whose block says enabled: true.
*/}}
{{- define "<CHARTNAME>.enabledHelperKeys" -}}
{{- $keys := list }}
{{- range $key := include "<CHARTNAME>.helperKeys" . | splitList " " | compact }}
{{- if (index $.Values (dir $key) (base $key)).enabled }}
{{- $keys = append $keys $key }}
{{- end }}
{{- end }}
{{- join " " $keys }}
{{- end }}

{{/*
The role of each container (JSON, in pod order), so validators recognise the patterns.
*/}}
{{- define "<CHARTNAME>.roles" -}}
{{- $roles := list (printf "%q:%q" .Chart.Name "main") }}
{{- range $key := include "<CHARTNAME>.enabledHelperKeys" . | splitList " " | compact }}
{{- range (index $.Values (dir $key) (base $key)).roles }}
{{- $roles = append $roles (printf "%q:%q" .container .role) }}
{{- end }}
{{- end }}
{{- printf "{%s}" (join "," $roles) }}
{{- end }}

{{/*
Pod annotations: podAnnotations from values, the enabled helpers' annotations, a checksum of
each helper's config files (so a config change rolls the pods) and the roles.
*/}}
{{- define "<CHARTNAME>.podAnnotations" -}}
{{- $annotations := deepCopy (.Values.podAnnotations | default dict) }}
{{- range $key := include "<CHARTNAME>.enabledHelperKeys" $ | splitList " " | compact }}
{{- $helper := index $.Values (dir $key) (base $key) }}
{{- range $k, $v := $helper.podAnnotations | default dict }}
{{- $annotations = set $annotations $k $v }}
{{- end }}
{{- range $owner, $files := $helper.config | default dict }}
{{- $annotations = set $annotations (printf "checksum/config-%s" $owner) (toRawJson $files | sha256sum) }}
{{- end }}
{{- end }}
{{- $annotations = set $annotations "<ROLES_ANNOTATION>" (include "<CHARTNAME>.roles" .) }}
{{- include "<CHARTNAME>.toYaml" $annotations }}
{{- end }}

{{/*
The Service ports the app's clients reach: the app's own, except those an enabled helper in front
of the app (a reverse proxy) takes the place of, then those helpers' front ports.
*/}}
{{- define "<CHARTNAME>.clientServicePorts" -}}
{{- $replaced := list }}
{{- $front := list }}
{{- range $key := include "<CHARTNAME>.enabledHelperKeys" $ | splitList " " | compact }}
{{- $helper := index $.Values (dir $key) (base $key) }}
{{- $replaced = concat $replaced ($helper.replacesServicePorts | default list) }}
{{- $front = concat $front ($helper.frontServicePorts | default list) }}
{{- end }}
{{- $ports := list }}
{{- range .Values.service.ports | default list }}
{{- if not (has .name $replaced) }}{{ $ports = append $ports . }}{{ end }}
{{- end }}
{{- include "<CHARTNAME>.toYaml" (concat $ports $front) }}
{{- end }}

{{/*
Service ports: the clients', then the enabled helpers' own (metrics).
*/}}
{{- define "<CHARTNAME>.servicePorts" -}}
{{- $ports := include "<CHARTNAME>.clientServicePorts" . | fromYamlArray }}
{{- range $key := include "<CHARTNAME>.enabledHelperKeys" $ | splitList " " | compact }}
{{- $helper := index $.Values (dir $key) (base $key) }}
{{- $ports = concat $ports ($helper.servicePorts | default list) }}
{{- end }}
{{- include "<CHARTNAME>.toYaml" $ports }}
{{- end }}

{{/*
The pod spec. The app container comes from the top-level values; each enabled helper adds its
containers, the env vars and mounts it gives the app, and its volumes. A helper's volume stays
when another enabled helper still mounts it.
*/}}
{{- define "<CHARTNAME>.podSpec" -}}
{{- $fullname := include "<CHARTNAME>.fullname" . }}
{{- $used := dict }}
{{- range $key := include "<CHARTNAME>.enabledHelperKeys" $ | splitList " " | compact }}
{{- $helper := index $.Values (dir $key) (base $key) }}
{{- range $c := concat ($helper.initContainers | default list) ($helper.containers | default list) }}
{{- range $m := $c.volumeMounts | default list }}{{ $_ := set $used $m.name true }}{{ end }}
{{- end }}
{{- range $m := $helper.appVolumeMounts | default list }}{{ $_ := set $used $m.name true }}{{ end }}
{{- end }}
{{- $main := dict "name" .Chart.Name "image" (include "<CHARTNAME>.image" (dict "image" .Values.image "global" .Values.global)) }}
{{- with .Values.image.pullPolicy }}{{ $_ := set $main "imagePullPolicy" . }}{{ end }}
{{- with .Values.command }}{{ $_ := set $main "command" . }}{{ end }}
{{- with .Values.args }}{{ $_ := set $main "args" . }}{{ end }}
{{- with .Values.ports }}{{ $_ := set $main "ports" . }}{{ end }}
{{- $env := .Values.env | default list }}
{{- range $key := include "<CHARTNAME>.enabledHelperKeys" $ | splitList " " | compact }}
{{- $helper := index $.Values (dir $key) (base $key) }}
{{- $env = concat $env ($helper.appEnv | default list) }}
{{- end }}
{{- with $env }}{{ $_ := set $main "env" . }}{{ end }}
{{- with .Values.envFrom }}{{ $_ := set $main "envFrom" . }}{{ end }}
{{- with .Values.resources }}{{ $_ := set $main "resources" . }}{{ end }}
{{- with .Values.probes.startup }}{{ $_ := set $main "startupProbe" . }}{{ end }}
{{- with .Values.probes.readiness }}{{ $_ := set $main "readinessProbe" . }}{{ end }}
{{- with .Values.probes.liveness }}{{ $_ := set $main "livenessProbe" . }}{{ end }}
{{- with .Values.securityContext }}{{ $_ := set $main "securityContext" . }}{{ end }}
{{- $mounts := list }}
{{- with .Values.persistence }}{{ $mounts = append $mounts (dict "name" .name "mountPath" .mountPath) }}{{ end }}
{{- $mounts = concat $mounts (.Values.volumeMounts | default list) (.Values.extraVolumeMounts | default list) }}
{{- $volumes := concat (.Values.volumes | default list) (.Values.extraVolumes | default list) }}
{{- range $key := include "<CHARTNAME>.helperKeys" $ | splitList " " | compact }}
{{- $helper := index $.Values (dir $key) (base $key) }}
{{- $own := list }}
{{- range $v := $helper.volumes | default list }}
{{- $own = append $own $v.name }}
{{- if or $helper.enabled (hasKey $used $v.name) }}
{{- if and $v.configMap (hasKey ($helper.config | default dict) ($v.configMap.name | default "")) }}
{{- $v = deepCopy $v }}
{{- $_ := set $v.configMap "name" (printf "%s-%s" $fullname $v.configMap.name) }}
{{- end }}
{{- $volumes = append $volumes $v }}
{{- end }}
{{- end }}
{{- range $m := $helper.appVolumeMounts | default list }}
{{- if or $helper.enabled (and (has $m.name $own) (hasKey $used $m.name)) }}
{{- $mounts = append $mounts $m }}
{{- end }}
{{- end }}
{{- end }}
{{- with $mounts }}{{ $_ := set $main "volumeMounts" . }}{{ end }}
{{- $init := list }}
{{- $containers := list $main }}
{{- range $key := include "<CHARTNAME>.enabledHelperKeys" $ | splitList " " | compact }}
{{- $helper := index $.Values (dir $key) (base $key) }}
{{- range $list := list "initContainers" "containers" }}
{{- range $c := index $helper $list | default list }}
{{- $c = deepCopy $c }}
{{- if not (hasKey $c "image") }}{{ $_ := set $c "image" (include "<CHARTNAME>.image" (dict "image" $helper.image "global" $.Values.global)) }}{{ end }}
{{- if and (not (hasKey $c "imagePullPolicy")) $helper.image.pullPolicy }}{{ $_ := set $c "imagePullPolicy" $helper.image.pullPolicy }}{{ end }}
{{- if and (not (hasKey $c "resources")) $helper.resources }}{{ $_ := set $c "resources" $helper.resources }}{{ end }}
{{- if eq $list "initContainers" }}{{ $init = append $init $c }}{{ else }}{{ $containers = append $containers $c }}{{ end }}
{{- end }}
{{- end }}
{{- end }}
{{- $spec := dict "serviceAccountName" (include "<CHARTNAME>.serviceAccountName" .) "automountServiceAccountToken" .Values.serviceAccount.automount "containers" $containers }}
{{- with .Values.podSecurityContext }}{{ $_ := set $spec "securityContext" . }}{{ end }}
{{- with $init }}{{ $_ := set $spec "initContainers" . }}{{ end }}
{{- with $volumes }}{{ $_ := set $spec "volumes" . }}{{ end }}
{{- with .Values.nodeSelector }}{{ $_ := set $spec "nodeSelector" . }}{{ end }}
{{- with .Values.tolerations }}{{ $_ := set $spec "tolerations" . }}{{ end }}
{{- with .Values.affinity }}{{ $_ := set $spec "affinity" . }}{{ end }}
{{- with .Values.topologySpreadConstraints }}{{ $_ := set $spec "topologySpreadConstraints" . }}{{ end }}
{{- with .Values.priorityClassName }}{{ $_ := set $spec "priorityClassName" . }}{{ end }}
{{- with include "<CHARTNAME>.imagePullSecrets" . }}{{ $_ := set $spec "imagePullSecrets" (fromYamlArray .) }}{{ end }}
{{- include "<CHARTNAME>.toYaml" $spec }}
{{- end }}
