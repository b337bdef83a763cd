{{/* Building blocks of networkpolicy.yaml. */}}
{{- define "phiguard.np.peer" -}}
- podSelector:
    matchLabels:
      {{- include "phiguard.selectorLabels" . | nindent 6 }}
{{- end -}}
{{- define "phiguard.np.monitoring" -}}
# Prometheus, from the monitoring namespace only.
- from:
    - namespaceSelector:
        {{- toYaml .root.Values.networkPolicy.monitoring.namespaceSelector | nindent 8 }}
  ports:
    - {port: {{ .port }}, protocol: TCP}
{{- end -}}
{{- define "phiguard.np.commonEgress" -}}
# DNS to any address on port 53: node-local DNS caches listen outside the kube-dns pods.
- ports:
    - {port: 53, protocol: UDP}
    - {port: 53, protocol: TCP}
{{- if .Values.otel.endpoint }}
# OTLP export to the collector named by otel.endpoint: networkPolicy.otelEgressTo peers (or any address) on its port.
- ports:
    - {port: {{ include "phiguard.otel.port" . }}, protocol: TCP}
  {{- with .Values.networkPolicy.otelEgressTo }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- with .Values.networkPolicy.extraEgress }}
{{ toYaml . }}
{{- end }}
{{- end -}}
{{- define "phiguard.np.redisEgress" -}}
{{- if include "phiguard.redis.bundled" . }}
- to:
    {{- include "phiguard.np.peer" (dict "root" . "component" "redis") | nindent 4 }}
  ports:
    - {port: 6379, protocol: TCP}
{{- else }}
# External Redis: the listed peers, or any address, on the Redis port only.
- ports:
    - {port: {{ .Values.redis.port }}, protocol: TCP}
  {{- with .Values.networkPolicy.redisEgressTo }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- end -}}
