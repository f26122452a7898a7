{{/*
The Service port (as JSON, {} when there is none) that an Ingress path or HTTPRoute rule without a
port of its own goes to: the first port an enabled helper serves in front of the app (the reverse
proxy, which clients are meant to reach), else the Service's first port.
*/}}
{{- define "pod-patterns.routePort" -}}
{{- $front := list }}
{{- range $key := include "pod-patterns.enabledHelperKeys" $ | splitList " " | compact }}
{{- $front = concat $front ((index $.Values (dir $key) (base $key)).frontServicePorts | default list) }}
{{- end }}
{{- $ports := concat $front (include "pod-patterns.servicePorts" . | fromYamlArray) }}
{{- if $ports }}{{ toJson (first $ports) }}{{ else }}{}{{ end }}
{{- end }}
