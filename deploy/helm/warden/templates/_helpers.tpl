{{/* Names. */}}
{{- define "warden.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "warden.proxyName" -}}
{{- printf "%s-egress-proxy" (include "warden.fullname" .) -}}
{{- end -}}

{{- define "warden.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "warden.botSelector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: bot
{{- end -}}

{{- define "warden.proxySelector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: egress-proxy
{{- end -}}

{{/* image: (dict "root" $ "image" .Values.images.bot) */}}
{{- define "warden.image" -}}
{{- $registry := .root.Values.images.registry -}}
{{- $repo := .image.repository -}}
{{- if $registry }}{{ $repo = printf "%s/%s" (trimSuffix "/" $registry) $repo }}{{ end -}}
{{- if .image.digest -}}
{{- printf "%s@%s" $repo .image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}
{{- end -}}

{{/* The proxy's DNS name, answered by the pod-local dnsmasq. */}}
{{- define "warden.proxyHost" -}}
{{- printf "%s.%s.svc.%s" (include "warden.proxyName" .) .Release.Namespace .Values.egressProxy.clusterDomain -}}
{{- end -}}

{{- define "warden.proxyIP" -}}
{{- $ip := required "egressProxy.service.clusterIP is required: a fixed ClusterIP from the cluster's service range (the bot pod has no cluster DNS)" .Values.egressProxy.service.clusterIP -}}
{{- if not (regexMatch "^[0-9]{1,3}(\\.[0-9]{1,3}){3}$" $ip) -}}
{{- fail "egressProxy.service.clusterIP must be an IPv4 address" -}}
{{- end -}}
{{- $ip -}}
{{- end -}}

{{/* GitLab host and port from gitlab.url (https only). */}}
{{- define "warden.gitlabURL" -}}
{{- $url := required "gitlab.url is required (https://gitlab.example.com)" .Values.gitlab.url -}}
{{- $u := urlParse $url -}}
{{- if ne $u.scheme "https" -}}
{{- fail "gitlab.url must be an https URL: the egress proxy only tunnels TLS (CONNECT)" -}}
{{- end -}}
{{- $url -}}
{{- end -}}

{{- define "warden.gitlabHost" -}}
{{- $u := urlParse (include "warden.gitlabURL" .) -}}
{{- (split ":" $u.host)._0 -}}
{{- end -}}

{{- define "warden.gitlabPort" -}}
{{- $u := urlParse (include "warden.gitlabURL" .) -}}
{{- $parts := split ":" $u.host -}}
{{- default "443" $parts._1 -}}
{{- end -}}

{{/* The Secret holding the three credentials. */}}
{{- define "warden.secretName" -}}
{{- default (printf "%s-secrets" (include "warden.fullname" .)) .Values.secrets.name -}}
{{- end -}}

{{/* Container security context shared by every container: (dict "uid" <uid or nil>) */}}
{{- define "warden.containerSecurityContext" -}}
runAsNonRoot: true
{{- if .uid }}
runAsUser: {{ .uid }}
{{- end }}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Sanity checks that do not belong to one template. */}}
{{- define "warden.checks" -}}
{{- if and .Values.bot.runAsUser .Values.exec.runAsUser (eq (toString .Values.bot.runAsUser) (toString .Values.exec.runAsUser)) -}}
{{- fail "bot.runAsUser and exec.runAsUser must differ: the exec server admits the bot's uid, never its own (the model's)" -}}
{{- end -}}
{{- if not .Values.podSecurityContext.fsGroup -}}
{{- fail "podSecurityContext.fsGroup is required: it is the group bot and exec share (WARDEN_GIT_WORKTREE_GROUP)" -}}
{{- end -}}
{{- if not (has .Values.persistence.work.type (list "pvc" "emptyDir")) -}}
{{- fail "persistence.work.type must be pvc or emptyDir" -}}
{{- end -}}
{{- if and .Values.store.postgres.enabled (not (and .Values.store.postgres.host .Values.store.postgres.address)) -}}
{{- fail "store.postgres.host and store.postgres.address are required when store.postgres.enabled" -}}
{{- end -}}
{{- $name := "^\\.?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$" -}}
{{- $ipv4 := "^[0-9]{1,3}(\\.[0-9]{1,3}){3}$" -}}
{{- if not .Values.egressProxy.allow.codex -}}
{{- fail "egressProxy.allow.codex is empty: codex needs at least its model API (api.openai.com)" -}}
{{- end -}}
{{- range (concat .Values.egressProxy.allow.warden .Values.egressProxy.allow.codex) -}}
{{- if not (regexMatch $name .) -}}
{{- fail (printf "egressProxy.allow: %q is not a host name (host, or .host for it and its subdomains)" .) -}}
{{- end -}}
{{- end -}}
{{- range $host, $ip := .Values.dns.extraHosts -}}
{{- if or (not (regexMatch $name $host)) (hasPrefix "." $host) (not (regexMatch $ipv4 (toString $ip))) -}}
{{- fail (printf "dns.extraHosts: %q: %q must be a host name and an IPv4 address" $host (toString $ip)) -}}
{{- end -}}
{{- end -}}
{{- if .Values.store.postgres.enabled -}}
{{- if or (not (regexMatch $name .Values.store.postgres.host)) (hasPrefix "." .Values.store.postgres.host) (not (regexMatch $ipv4 .Values.store.postgres.address)) -}}
{{- fail "store.postgres.host must be a host name and store.postgres.address an IPv4 address" -}}
{{- end -}}
{{- end -}}
{{- if and .Values.secrets.create .Values.secrets.name -}}
{{- fail "secrets.create makes its own Secret: leave secrets.name empty" -}}
{{- end -}}
{{- end -}}

{{/* checkov skips, each with its reason (listed in the chart README): (dict "root" $ "images" (list …) "uid" <uid> "unprobed" <bool>) */}}
{{- define "warden.checkovSkips" -}}
{{- $n := 0 -}}
{{- $digests := true -}}
{{- range .images }}{{ if not .digest }}{{ $digests = false }}{{ end }}{{ end -}}
{{- if not $digests }}
{{- $n = add1 $n }}
checkov.io/skip{{ $n }}: "CKV_K8S_43=Images are pinned by tag unless images.*.digest is set; set the digests to pin by digest."
{{- end }}
{{- if ne .root.Values.images.pullPolicy "Always" }}
{{- $n = add1 $n }}
checkov.io/skip{{ $n }}: "CKV_K8S_15=IfNotPresent by default so a digest-pinned or preloaded image needs no registry; images.pullPolicy Always works too."
{{- end }}
{{- if not .uid }}
{{- $n = add1 $n }}
checkov.io/skip{{ $n }}: "CKV_K8S_40=No fixed uid: OpenShift restricted-v2 assigns a high uid per namespace; the images run as 10001 elsewhere; runAsUser values may fix one."
{{- end }}
{{- if .unprobed }}
{{- $n = add1 $n }}
checkov.io/skip{{ $n }}: "CKV_K8S_8=The exec and dns containers listen only on a unix socket and on 127.0.0.1 UDP, which kubelet probes cannot reach; the bot container has both probes."
{{- $n = add1 $n }}
checkov.io/skip{{ $n }}: "CKV_K8S_9=The exec and dns containers listen only on a unix socket and on 127.0.0.1 UDP, which kubelet probes cannot reach; the bot container has both probes."
{{- end }}
{{- end -}}
