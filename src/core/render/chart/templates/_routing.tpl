{{/*
The Service port (as JSON, {} when there is none) that an Ingress path or HTTPRoute rule without a
port of its own goes to: the first port an enabled helper serves in front of the app (the reverse
proxy, which clients are meant to reach), else the Service's first port.
*/}}
{{- define "<CHARTNAME>.routePort" -}}
{{- $front := list }}
{{- range $key := include "<CHARTNAME>.enabledHelperKeys" $ | splitList " " | compact }}
{{- $front = concat $front ((index $.Values (dir $key) (base $key)).frontServicePorts | default list) }}
{{- end }}
{{- $ports := concat $front (include "<CHARTNAME>.servicePorts" . | fromYamlArray) }}
{{- if $ports }}{{ toJson (first $ports) }}{{ else }}{}{{ end }}
{{- end }}
