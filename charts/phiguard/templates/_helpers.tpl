{{/* Names */}}
{{- define "phiguard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "phiguard.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* "<fullname>-<component>", the name of a component's Deployment and Service. */}}
{{- define "phiguard.componentName" -}}
{{- printf "%s-%s" (include "phiguard.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "phiguard.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "phiguard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: phiguard
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels of one component: call with (dict "root" $ "component" "edge"). */}}
{{- define "phiguard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "phiguard.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "phiguard.componentLabels" -}}
{{ include "phiguard.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "phiguard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "phiguard.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Image reference: (dict "root" $ "image" .Values.x.image "defaultTag" "..."). */}}
{{/* image.digest (sha256:...) pins the image: "<repository>@<digest>", the tag is then ignored.
global.imageRegistry (a mirror) replaces the repository's registry host, or is prepended when it names none. */}}
{{- define "phiguard.image" -}}
{{- $repo := .image.repository -}}
{{- with .root.Values.global.imageRegistry -}}
{{- $parts := splitList "/" $repo -}}
{{- $first := first $parts -}}
{{- if and (gt (len $parts) 1) (or (contains "." $first) (contains ":" $first) (eq $first "localhost")) -}}
{{- $repo = join "/" (prepend (rest $parts) (trimSuffix "/" .)) -}}
{{- else -}}
{{- $repo = printf "%s/%s" (trimSuffix "/" .) $repo -}}
{{- end -}}
{{- end -}}
{{- if .image.digest -}}
{{- printf "%s@%s" $repo .image.digest -}}
{{- else -}}
{{- $tag := .image.tag | default .defaultTag | default .root.Chart.AppVersion -}}
{{- printf "%s:%s" $repo $tag -}}
{{- end -}}
{{- end -}}

{{/* Secrets */}}
{{- define "phiguard.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" (include "phiguard.fullname" .)) -}}
{{- end -}}

{{- define "phiguard.redis.bundled" -}}
{{- if and .Values.redis.bundled.enabled (not .Values.redis.url) (not .Values.redis.existingSecret) -}}true{{- end -}}
{{- end -}}

{{- define "phiguard.redis.secretName" -}}
{{- if .Values.redis.existingSecret -}}
{{- .Values.redis.existingSecret -}}
{{- else -}}
{{- printf "%s-redis" (include "phiguard.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "phiguard.redis.secretKey" -}}
{{- if .Values.redis.existingSecret -}}{{ .Values.redis.existingSecretKey }}{{- else -}}redis-url{{- end -}}
{{- end -}}

{{- define "phiguard.redis.validate" -}}
{{- if and (not .Values.redis.url) (not .Values.redis.existingSecret) (not .Values.redis.bundled.enabled) -}}
{{- fail "Redis: set redis.url or redis.existingSecret, or enable redis.bundled for a trial" -}}
{{- end -}}
{{- if and .Values.redis.existingSecret .Values.redis.existingSecretPasswordKey (not .Values.redis.host) -}}
{{- fail "Redis: redis.existingSecretPasswordKey needs redis.host (the URL is built from host, port, db and tls)" -}}
{{- end -}}
{{- end -}}

{{/* Where the Redis password alone comes from, as JSON {"name", "key"}; empty when a full URL is used instead:
redis.existingSecret + existingSecretPasswordKey (external Redis), or redis.bundled.existingSecret. */}}
{{- define "phiguard.redis.passwordRef" -}}
{{- $r := .Values.redis -}}
{{- if and $r.existingSecret $r.existingSecretPasswordKey -}}
{{- dict "name" $r.existingSecret "key" $r.existingSecretPasswordKey | toJson -}}
{{- else if and (include "phiguard.redis.bundled" .) $r.bundled.existingSecret -}}
{{- dict "name" $r.bundled.existingSecret "key" $r.bundled.existingSecretPasswordKey | toJson -}}
{{- end -}}
{{- end -}}

{{/* gRPC targets: dns:/// on the headless Service, so round_robin clients see every pod. */}}
{{- define "phiguard.grpcTarget" -}}
{{- printf "dns:///%s-headless.%s.svc.%s:%d" (include "phiguard.componentName" (dict "root" .root "component" .component)) .root.Release.Namespace .root.Values.clusterDomain (int .port) -}}
{{- end -}}

{{/* Settings as PHIGUARD_* variables: scalars as text, lists and maps as JSON (pydantic-settings). */}}
{{- define "phiguard.configEnv" -}}
{{- range $key, $value := . }}
- name: {{ printf "PHIGUARD_%s" (upper $key) }}
  value: {{ if or (kindIs "slice" $value) (kindIs "map" $value) }}{{ toJson $value | quote }}{{ else }}{{ toString $value | quote }}{{ end }}
{{- end }}
{{- end -}}

{{- define "phiguard.redisEnv" -}}
{{- with (include "phiguard.redis.passwordRef" .) }}
{{- $ref := fromJson . }}
{{- $r := $.Values.redis }}
# The password alone from a Secret, the URL around it here: Kubernetes expands $(REDIS_PASSWORD), defined
# first. The password must be URL-safe (or percent-encoded); redis-py decodes it.
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ $ref.name }}, key: {{ $ref.key }}}
- name: PHIGUARD_REDIS_URL
  {{- if include "phiguard.redis.bundled" $ }}
  value: {{ printf "redis://:$(REDIS_PASSWORD)@%s-redis.%s.svc.%s:6379/0" (include "phiguard.fullname" $) $.Release.Namespace $.Values.clusterDomain | quote }}
  {{- else }}
  value: {{ printf "%s://:$(REDIS_PASSWORD)@%s:%d/%d" (ternary "rediss" "redis" (default false $r.tls)) $r.host (int $r.port) (int $r.db) | quote }}
  {{- end }}
{{- else }}
- name: PHIGUARD_REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "phiguard.redis.secretName" . }}
      key: {{ include "phiguard.redis.secretKey" . }}
{{- end }}
{{- end -}}

{{/* The collector's port from otel.endpoint (otel.port overrides; no port in the URL: OTLP/gRPC's 4317). */}}
{{- define "phiguard.otel.port" -}}
{{- $host := (urlParse .Values.otel.endpoint).host -}}
{{- if .Values.otel.port -}}{{ .Values.otel.port }}
{{- else if regexMatch ":[0-9]+$" $host -}}{{ regexFind "[0-9]+$" $host }}
{{- else -}}4317
{{- end -}}
{{- end -}}

{{/* Standard OpenTelemetry variables: (dict "root" $ "component" "edge"). */}}
{{- define "phiguard.otelEnv" -}}
{{- $otel := .root.Values.otel -}}
- name: OTEL_SERVICE_NAME
  value: {{ printf "phiguard-%s" .component | quote }}
- name: K8S_POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ $attrs := list (printf "k8s.namespace.name=%s" .root.Release.Namespace) "k8s.pod.name=$(K8S_POD_NAME)" (printf "service.version=%s" .root.Chart.AppVersion) -}}
  {{- range $k, $v := $otel.resourceAttributes }}{{ $attrs = append $attrs (printf "%s=%s" $k $v) }}{{ end -}}
  {{- join "," $attrs | quote }}
- name: OTEL_TRACES_SAMPLER
  value: {{ $otel.sampler | quote }}
- name: OTEL_TRACES_SAMPLER_ARG
  value: {{ $otel.samplerArg | quote }}
{{- with $otel.endpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- range $k, $v := $otel.env }}
- name: {{ $k }}
  value: {{ $v | toString | quote }}
{{- end }}
{{- end -}}

{{/* The writable /tmp every container gets under readOnlyRootFilesystem. */}}
{{- define "phiguard.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ . }}
{{- end -}}

{{- define "phiguard.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{/* Scheduling and pod-level fields shared by every Deployment: (dict "root" $ "values" .Values.edge). */}}
{{- define "phiguard.podCommon" -}}
serviceAccountName: {{ include "phiguard.serviceAccountName" .root }}
# Nothing in PHIGuard talks to the Kubernetes API.
automountServiceAccountToken: false
enableServiceLinks: false
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if .values.topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml .values.topologySpreadConstraints | nindent 2 }}
{{- else if .root.Values.spreadAcrossNodes }}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "phiguard.selectorLabels" (dict "root" .root "component" .component) | nindent 8 }}
{{- end }}
{{- end -}}

{{- define "phiguard.podAnnotations" -}}
{{- with .values.podAnnotations }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Inference HPA settings as JSON: on GPU, every key of inference.gpu.autoscaling replaces the CPU one
(a plain merge would treat 0 and [] as unset, so "no CPU target on GPU" could not be said). */}}
{{- define "phiguard.inference.autoscaling" -}}
{{- $scale := deepCopy .Values.inference.autoscaling -}}
{{- if .Values.inference.gpu.enabled -}}
{{- range $k, $v := .Values.inference.gpu.autoscaling -}}
{{- $_ := set $scale $k $v -}}
{{- end -}}
{{- end -}}
{{- toJson $scale -}}
{{- end -}}

{{/* Non-empty when the edge mounts site profiles to load at start-up (values siteProfiles). */}}
{{- define "phiguard.siteProfiles" -}}
{{- with .Values.siteProfiles }}{{ if or .existingConfigMap .existingSecret .profiles }}true{{ end }}{{ end }}
{{- end -}}
