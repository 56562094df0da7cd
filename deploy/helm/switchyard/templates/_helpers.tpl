{{/* The release's base name: the release name, with "-switchyard" unless it already says so. */}}
{{- define "switchyard.fullname" -}}
{{- $name := .Release.Name -}}
{{- if not (contains "switchyard" $name) -}}{{- $name = printf "%s-switchyard" $name -}}{{- end -}}
{{- $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{/* Every role Switchyard has; each must be served by exactly one entry of .Values.roles. */}}
{{- define "switchyard.allRoles" -}}
gateway auth claude conversation cache filter translation
{{- end -}}

{{/*
The Deployments to make, as YAML: components (entry name -> serves, replicas, resources, autoscaling,
gateway) and servedBy (role -> entry name). Fails with the key and the value when roles is inconsistent.
*/}}
{{- define "switchyard.components" -}}
{{- $all := splitList " " (include "switchyard.allRoles" .) -}}
{{- $servedBy := dict -}}
{{- $out := dict -}}
{{- range $name, $entry := .Values.roles -}}
{{- $c := $entry | default dict -}}
{{- if not (regexMatch "^[a-z]([-a-z0-9]{0,14}[a-z0-9])?$" $name) -}}
{{- fail (printf "roles.%s: an entry's name must be a DNS label of at most 16 characters" $name) -}}
{{- end -}}
{{- if or (not (hasKey $c "enabled")) $c.enabled -}}
{{- $serves := $c.serves | default (list $name) -}}
{{- if not (kindIs "slice" $serves) -}}
{{- fail (printf "roles.%s.serves: must be a list of roles, got '%v'" $name $serves) -}}
{{- end -}}
{{- range $serves -}}
{{- if not (has . $all) -}}
{{- fail (printf "roles.%s.serves: unknown role '%s' (known: %s)" $name . (join ", " $all)) -}}
{{- end -}}
{{- if hasKey $servedBy . -}}
{{- fail (printf "roles.%s.serves: role '%s' is already served by roles.%s" $name . (get $servedBy .)) -}}
{{- end -}}
{{- $_ := set $servedBy . $name -}}
{{- end -}}
{{- $scaling := mergeOverwrite (deepCopy $.Values.autoscaling) ($c.autoscaling | default dict) -}}
{{- $replicas := int (ternary $c.replicas $.Values.replicas (hasKey $c "replicas")) -}}
{{- if lt $replicas 1 -}}{{- fail (printf "roles.%s.replicas (or replicas): must be at least 1, got %d" $name $replicas) -}}{{- end -}}
{{- $min := int ($scaling.minReplicas | default $replicas) -}}
{{- if and $scaling.enabled (lt (int $scaling.maxReplicas) $min) -}}
{{- fail (printf "autoscaling.maxReplicas (roles.%s): must be at least the minimum %d, got %v" $name $min $scaling.maxReplicas) -}}
{{- end -}}
{{- $_ := set $scaling "minReplicas" $min -}}
{{- $_ := set $out $name (dict "serves" $serves "replicas" $replicas "gateway" (has "gateway" $serves)
      "resources" ($c.resources | default $.Values.resources) "autoscaling" $scaling) -}}
{{- end -}}
{{- end -}}
{{- range $all -}}
{{- if not (hasKey $servedBy .) -}}
{{- fail (printf "roles: role '%s' is served by no entry (enable roles.%s or list it in another entry's serves)" . .) -}}
{{- end -}}
{{- end -}}
{{- toYaml (dict "components" $out "servedBy" $servedBy) -}}
{{- end -}}

{{- define "switchyard.selectorLabels" -}}
app.kubernetes.io/name: switchyard
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end -}}

{{/* Labels of every object; call with (dict "root" $ "component" NAME-or-empty). */}}
{{- define "switchyard.labels" -}}
{{ include "switchyard.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Values.image.tag | default .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- with .root.Values.environment }}
switchyard.dev/environment: {{ . }}
{{- end }}
{{- end -}}

{{- define "switchyard.serviceAccountName" -}}
{{- .Values.serviceAccount.name | default (include "switchyard.fullname" .) -}}
{{- end -}}

{{- define "switchyard.secretName" -}}
{{- if .Values.secret.create -}}{{ include "switchyard.fullname" . }}{{- else -}}{{ required "secret.existingSecret: name the Secret with SWITCHYARD_CLUSTER_SECRET and the config's other variables, or set secret.create" .Values.secret.existingSecret }}{{- end -}}
{{- end -}}

{{/* The seconds a pod may take to stop: the preStop wait, the drain, the ledger's flush and a margin. */}}
{{- define "switchyard.terminationGrace" -}}
{{- add .Values.preStopSleepSeconds .Values.drainTimeoutSeconds .Values.ledgerShutdownSeconds .Values.terminationMarginSeconds -}}
{{- end -}}
