"""The Helm chart renders offline (helm-python-sdk, no helm binary) for the default values and every documented
option; every manifest passes `kubernetes-validate --strict` and checkov (no failed check; every skipped one names its
reason and is listed in the chart README); and the security properties the deployment relies on hold in every
rendering.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from egress import render as chart

KUBERNETES_VERSION = "1.33.0"   # OpenShift 4.20; kubernetes-validate bundles the schemas, so this runs offline
# The oldest version Chart.yaml accepts, OpenShift 4.20's, and the newest schema kubernetes-validate bundles.
KUBERNETES_VERSIONS = ["1.27.0", KUBERNETES_VERSION, "1.37.0"]
README = chart.CHART_DIR / "README.md"

# Every documented option, each alone on top of the required values.
SCENARIOS: dict[str, dict[str, Any]] = {
    "default": {},
    "gateway": {"bot": {"withGateway": True}},
    "postgres": {"store": {"postgres": {"enabled": True, "host": "pg.db.svc.cluster.local", "address": "10.96.5.5"}}},
    "postgres-peers": {"store": {"postgres": {
        "enabled": True, "host": "pg.example.internal", "address": "192.0.2.10", "port": 6432,
        "peers": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "db"}},
                   "podSelector": {"matchLabels": {"app": "postgres"}}}]}}},
    "fixed-uids": {"podSecurityContext": {"runAsUser": 10001, "runAsGroup": 10001, "fsGroup": 10001},
                   "bot": {"runAsUser": 10002}, "exec": {"runAsUser": 10003}, "egressProxy": {"runAsUser": 10004}},
    "bot-uid-only": {"bot": {"runAsUser": 10002}},
    "work-emptydir": {"persistence": {"work": {"type": "emptyDir"}}},
    "existing-claims": {"persistence": {"codexHome": {"existingClaim": "codex"}, "work": {"existingClaim": "work"}}},
    "storage-class": {"persistence": {"codexHome": {"storageClass": "fast"}, "work": {"storageClass": "fast"}}},
    "chart-secret": {"secrets": {"create": True, "gitlabToken": "glpat-test-token-value",
                                 "gitlabWebhookSecret": "0123456789abcdef0123"}},
    "chart-secret-gateway": {"bot": {"withGateway": True},
                             "secrets": {"create": True, "gitlabToken": "glpat-test-token-value",
                                         "gitlabWebhookSecret": "0123456789abcdef0123",
                                         "gatewayApiKey": "gateway-key-0123456789"}},
    "existing-secret": {"secrets": {"name": "team-warden"}},
    "digests": {"images": {"registry": "registry.example.test/team", "pullPolicy": "Always",
                           "pullSecrets": ["regcred"],
                           **{k: {"digest": "sha256:" + "a" * 64} for k in ("bot", "exec", "dns", "egressProxy")}}},
    "gitlab-port": {"gitlab": {"url": "https://gitlab.example.com:8443/"}},
    "ingress-from": {"networkPolicy": {"ingressFrom": [
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "openshift-ingress"}}}]}},
    "private-gitlab": {"egressProxy": {"denyPrivateDestinations": False},
                       "networkPolicy": {"upstream": [{"ipBlock": {"cidr": "10.20.0.0/16"}}]}},
    "openshift-dns": {"networkPolicy": {"clusterDns": {"port": 5353, "peers": [
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "openshift-dns"}},
         "podSelector": {"matchLabels": {"dns.operator.openshift.io/daemonset-dns": "default"}}}]}}},
    "allowlists": {"egressProxy": {"allow": {"warden": [], "codex": ["api.openai.com"]}}},
    "codex-settings": {"codex": {"model": "gpt-5.5", "seats": 2, "timeout": "20m",
                                 "configToml": "cli_auth_credentials_store = \"file\"\nmodel_provider = \"openai\"\n"},
                       "bot": {"username": "review-bot", "userId": 42, "logLevel": "debug",
                               "extraEnv": [{"name": "WARDEN_REVIEW_MAX_FINDINGS", "value": "5"}]},
                       "exec": {"extraEnv": [{"name": "WARDEN_EXEC_REQUEST_TIMEOUT", "value": "20s"}]},
                       "dns": {"extraHosts": {"sso.example.test": "192.0.2.20"}},
                       "podAnnotations": {"example.test/team": "review"},
                       "nodeSelector": {"kubernetes.io/os": "linux"},
                       "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "bots", "effect": "NoSchedule"}],
                       "service": {"port": 80}},
    "no-network-policy": {"networkPolicy": {"enabled": False}},
}

SECRET_NAME = re.compile(r"(TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|CREDENTIAL|PRIVATE)", re.I)


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[dict[str, Any]]]:
    return {name: chart.render(values) for name, values in SCENARIOS.items()}


@pytest.fixture(scope="module")
def manifest_dir(rendered: dict[str, list[dict[str, Any]]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("manifests")
    for name, docs in rendered.items():
        (out / f"{name}.yaml").write_text(yaml.safe_dump_all(docs, sort_keys=False))
    return out


def tool(name: str) -> str:
    """A validator's executable: on PATH, or in the venv .ci/run installs checkov into."""
    found = shutil.which(name) or next((p for p in (f"{os.environ.get('CHECKOV_VENV', '/opt/checkov-venv')}/bin/{name}",
                                                     f"{Path(sys.executable).parent}/{name}") if os.access(p, os.X_OK)), None)
    assert found, f"{name} is not installed: run .ci/run (or see deploy/tests/requirements-chart.txt)"
    return found


# -- offline validators ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_rendering_passes_kubernetes_validate_strict(manifest_dir: Path, version: str) -> None:
    files = sorted(str(p) for p in manifest_dir.glob("*.yaml"))
    result = subprocess.run([tool("kubernetes-validate"), "--strict", "-k", version, *files],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    passed = [line for line in result.stdout.splitlines() if " passed for resource " in line]
    assert len(passed) == sum(len(list(yaml.safe_load_all(Path(f).read_text()))) for f in files)


def test_kubernetes_validate_catches_a_broken_manifest(tmp_path: Path) -> None:
    # The validator really validates: a field that does not exist fails under --strict.
    docs = chart.render({})
    bot = chart.find(docs, "Deployment", "warden")
    bot["spec"]["template"]["spec"]["containers"][0]["securityContext"]["runAsNonRooot"] = True
    (tmp_path / "broken.yaml").write_text(yaml.safe_dump(bot))
    result = subprocess.run([tool("kubernetes-validate"), "--strict", "-k", KUBERNETES_VERSION,
                             str(tmp_path / "broken.yaml")], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "runAsNonRooot" in result.stdout + result.stderr


def documented_checkov_skips() -> set[str]:
    text = README.read_text()
    section = text.split("## checkov", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`(CKV2?_K8S_\d+)`", section))


def test_checkov_reports_no_failed_check_and_only_documented_skips(manifest_dir: Path) -> None:
    result = subprocess.run([tool("checkov"), "--framework", "kubernetes", "--skip-download", "--output", "json",
                             "--directory", str(manifest_dir)],
                            capture_output=True, text=True, timeout=600, env={**os.environ, "LOG_LEVEL": "WARNING"})
    report = json.loads(result.stdout)
    reports = report if isinstance(report, list) else [report]
    failed = [c for r in reports for c in r["results"].get("failed_checks", [])]
    skipped = [c for r in reports for c in r["results"].get("skipped_checks", [])]
    passed = [c for r in reports for c in r["results"].get("passed_checks", [])]
    assert not failed, [(c["check_id"], c["resource"], c["file_path"]) for c in failed]
    assert len(passed) > 100
    documented = documented_checkov_skips()
    for check in skipped:
        assert check["check_id"] in documented, f"{check['check_id']} skipped but not listed in the chart README"
        assert len(check["check_result"].get("suppress_comment", "")) > 20, check["check_id"]
    # The digest scenario pins every image and pulls Always: those two checks are not skipped there.
    in_digests = {c["check_id"] for c in skipped if c["file_path"].endswith("digests.yaml")}
    assert not in_digests & {"CKV_K8S_43", "CKV_K8S_15"}
    in_uids = {c["check_id"] for c in skipped if c["file_path"].endswith("fixed-uids.yaml")}
    assert "CKV_K8S_40" not in in_uids


# -- helm's own lint ----------------------------------------------------------------------------------------------

def test_helm_lint_is_clean() -> None:
    import helm_python
    report = helm_python.lint(chart.CHART_DIR, chart.REQUIRED, strict=True)
    assert not report["errors"], report
    assert not [m for m in report["messages"] if m["severity"] >= 2], report["messages"]


# -- values that must be set, or set consistently ---------------------------------------------------------------

@pytest.mark.parametrize(("values", "message"), [
    ({"gitlab": {"url": ""}}, "gitlab.url is required"),
    ({"egressProxy": {"service": {"clusterIP": ""}}}, "egressProxy.service.clusterIP is required"),
    ({"egressProxy": {"service": {"clusterIP": "warden-proxy"}}}, "must be an IPv4 address"),
    ({"gitlab": {"url": "http://gitlab.example.com"}}, "must be an https URL"),
    ({"bot": {"runAsUser": 10001}, "exec": {"runAsUser": 10001}}, "must differ"),
    ({"store": {"postgres": {"enabled": True}}}, "store.postgres.address are required"),
    ({"persistence": {"work": {"type": "hostPath"}}}, "pvc or emptyDir"),
    ({"secrets": {"create": True}}, "secrets.gitlabToken is required"),
    ({"podSecurityContext": {"fsGroup": None}}, "fsGroup is required"),
    ({"egressProxy": {"allow": {"codex": []}}}, "egressProxy.allow.codex is empty"),
    ({"egressProxy": {"allow": {"codex": ["api.openai.com\nhttp_access allow all"]}}}, "is not a host name"),
    ({"egressProxy": {"allow": {"warden": ["evil.test all"]}}}, "is not a host name"),
    ({"dns": {"extraHosts": {"a.test/b.test": "192.0.2.1"}}}, "must be a host name and an IPv4 address"),
    ({"dns": {"extraHosts": {"a.test": "not-an-ip"}}}, "must be a host name and an IPv4 address"),
    ({"store": {"postgres": {"enabled": True, "host": "pg", "address": "pg.example.test"}}}, "IPv4 address"),
])
def test_render_refuses_incomplete_or_unsafe_values(values: dict[str, Any], message: str) -> None:
    import helm_python
    with pytest.raises(helm_python.HelmError, match=re.escape(message)):
        chart.render(values)


# -- security properties, in every rendering ---------------------------------------------------------------------

def effective(scenario: str) -> dict[str, Any]:
    """values.yaml, then the required values, then the scenario's: what the chart rendered with."""
    defaults = yaml.safe_load((chart.CHART_DIR / "values.yaml").read_text())
    return chart.merge(chart.merge(defaults, chart.REQUIRED), SCENARIOS[scenario])


def deployments(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [d for d in docs if d["kind"] == "Deployment"]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_container_is_locked_down(rendered: dict[str, list[dict[str, Any]]], scenario: str) -> None:
    values = effective(scenario)
    containers = 0
    for deployment in deployments(rendered[scenario]):
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        assert pod["automountServiceAccountToken"] is False
        assert pod["enableServiceLinks"] is False
        assert not pod.get("hostNetwork") and not pod.get("hostPID") and not pod.get("hostIPC")
        assert not pod.get("initContainers")
        for c in pod["containers"]:
            containers += 1
            sc = c["securityContext"]
            assert sc["runAsNonRoot"] is True, c["name"]
            assert sc["allowPrivilegeEscalation"] is False, c["name"]
            assert sc["privileged"] is False, c["name"]
            assert sc["readOnlyRootFilesystem"] is True, c["name"]
            assert sc["capabilities"] == {"drop": ["ALL"]}, c["name"]
            assert sc["seccompProfile"] == {"type": "RuntimeDefault"}, c["name"]
            assert c["resources"]["limits"]["memory"] and c["resources"]["limits"]["cpu"]
            # No fixed uid unless the values ask for one.
            asked = {"bot": values.get("bot", {}).get("runAsUser"), "exec": values.get("exec", {}).get("runAsUser"),
                     "squid": values.get("egressProxy", {}).get("runAsUser"),
                     "dns": values.get("podSecurityContext", {}).get("runAsUser")}[c["name"]]
            assert sc.get("runAsUser") == asked, c["name"]
    assert containers == 4


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_bot_pod_has_its_three_containers_wired_as_the_exec_sidecar_needs(
        rendered: dict[str, list[dict[str, Any]]], scenario: str) -> None:
    values = effective(scenario)
    docs = rendered[scenario]
    bot_deploy = chart.find(docs, "Deployment", "warden")
    pod = bot_deploy["spec"]["template"]["spec"]
    assert [c["name"] for c in pod["containers"]] == ["bot", "exec", "dns"]
    assert pod["shareProcessNamespace"] is False
    assert bot_deploy["spec"]["replicas"] == 1 and bot_deploy["spec"]["strategy"]["type"] == "Recreate"
    bot, exec_, dns = (chart.container(bot_deploy, n) for n in ("bot", "exec", "dns"))
    benv, eenv = chart.env_of(bot), chart.env_of(exec_)
    mounts = {c["name"]: {m["name"]: m for m in c.get("volumeMounts", [])} for c in (bot, exec_, dns)}
    volumes = {v["name"]: v for v in pod["volumes"]}
    fs_group = pod["securityContext"]["fsGroup"]

    # Commands.
    assert bot["command"] == ["/usr/bin/tini", "--", "/usr/local/bin/warden"]
    assert bot["args"] == (["serve", "--with-gateway"] if values["bot"]["withGateway"] else ["serve"])
    assert exec_["command"] == ["/usr/bin/tini", "--", "/usr/local/bin/warden"] and exec_["args"] == ["exec-server"]

    # Volumes: codex-home (PVC) in the bot only; work in bot and exec at the same path; the socket emptyDir in both.
    assert set(mounts["bot"]) == {"codex-home", "codex-config", "work", "exec-socket", "bot-tmp", "secrets"}
    assert set(mounts["exec"]) == {"work", "exec-socket", "exec-tmp"}
    assert mounts["dns"] == {}
    assert "persistentVolumeClaim" in volumes["codex-home"]
    work_kind = "emptyDir" if values["persistence"]["work"]["type"] == "emptyDir" else "persistentVolumeClaim"
    assert work_kind in volumes["work"]
    assert "emptyDir" in volumes["exec-socket"]
    assert mounts["bot"]["work"]["mountPath"] == mounts["exec"]["work"]["mountPath"]
    assert benv["WARDEN_DATA_DIR"] == mounts["bot"]["work"]["mountPath"] + "/data"  # a folder the bot owns
    assert mounts["bot"]["exec-socket"]["mountPath"] == mounts["exec"]["exec-socket"]["mountPath"]
    socket_dir = mounts["bot"]["exec-socket"]["mountPath"]
    assert benv["WARDEN_EXEC_SOCKET"] == eenv["WARDEN_EXEC_SOCKET"] == f"{socket_dir}/exec.sock"
    assert len(benv["WARDEN_EXEC_SOCKET"].encode()) < 108
    assert eenv["WARDEN_EXEC_WORKSPACE"] == benv["WARDEN_DATA_DIR"] + "/worktrees"

    # codex: home on its PVC, config.toml read-only from the ConfigMap, danger-full-access behind the exec shim.
    codex_home = benv["WARDEN_CODEX_HOME"]
    assert mounts["bot"]["codex-home"]["mountPath"] == codex_home
    config_mount = mounts["bot"]["codex-config"]
    assert config_mount == {"name": "codex-config", "mountPath": f"{codex_home}/config.toml",
                            "subPath": "config.toml", "readOnly": True}
    config_map = chart.find(docs, "ConfigMap", volumes["codex-config"]["configMap"]["name"])
    socket_line = f'shell_environment_policy.set.WARDEN_EXEC_SOCKET = "{benv["WARDEN_EXEC_SOCKET"]}"'
    assert config_map["data"]["config.toml"].strip() == socket_line + "\n" + values["codex"]["configToml"].strip()
    assert benv["WARDEN_SANDBOX_MODE"] == "danger-full-access"
    assert benv["WARDEN_CODEX_EXEC_SIDECAR"] == "true"
    assert benv["WARDEN_GIT_WORKTREE_GROUP"] == str(fs_group)

    # The exec server admits the bot's uid when it is fixed, else the pod's fsGroup; never the exec uid.
    bot_uid = bot["securityContext"].get("runAsUser") or pod["securityContext"].get("runAsUser")
    if bot_uid:
        assert eenv["WARDEN_EXEC_ALLOWED_UIDS"] == str(bot_uid) and "WARDEN_EXEC_ALLOWED_GIDS" not in eenv
        assert str(exec_["securityContext"].get("runAsUser")) != str(bot_uid)
    else:
        assert eenv["WARDEN_EXEC_ALLOWED_GIDS"] == str(fs_group) and "WARDEN_EXEC_ALLOWED_UIDS" not in eenv

    # Probes on the bot.
    port = bot["ports"][0]
    assert port["containerPort"] == values["bot"]["port"] and port["name"] == "http"
    assert bot["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert bot["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}

    # The exec container sees no credential: no secret volume, no CODEX_HOME, no WARDEN_* secret setting.
    assert not [n for n in eenv if SECRET_NAME.search(n) or "CODEX_HOME" in n]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_secrets_are_files_in_the_bot_container_only(rendered: dict[str, list[dict[str, Any]]], scenario: str) -> None:
    values = effective(scenario)
    docs = rendered[scenario]
    bot_deploy = chart.find(docs, "Deployment", "warden")
    bot = chart.container(bot_deploy, "bot")
    benv = chart.env_of(bot)
    secret_volume = next(v for v in bot_deploy["spec"]["template"]["spec"]["volumes"] if v["name"] == "secrets")
    mount = next(m for m in bot["volumeMounts"] if m["name"] == "secrets")
    assert mount["readOnly"] is True
    items = {i["key"]: i["path"] for i in secret_volume["secret"]["items"]}
    expected = {"WARDEN_GITLAB_TOKEN_FILE": "gitlab-token", "WARDEN_GITLAB_WEBHOOK_SECRET_FILE": "gitlab-webhook-secret"}
    if values.get("bot", {}).get("withGateway"):
        expected["WARDEN_GATEWAY_API_KEY_FILE"] = "gateway-api-key"
    assert set(items) == set(expected.values())
    for variable, key in expected.items():
        assert benv[variable] == f"{mount['mountPath']}/{items[key]}"
    assert secret_volume["secret"]["secretName"] == (values.get("secrets", {}).get("name") or "warden-secrets")
    # No secret travels in the environment: no secretKeyRef, no envFrom, no secret-looking variable with a value.
    for deployment in deployments(docs):
        for c in deployment["spec"]["template"]["spec"]["containers"]:
            assert "envFrom" not in c
            for e in c.get("env", []):
                assert "valueFrom" not in e, e
                if SECRET_NAME.search(e["name"]):
                    assert e["name"].endswith("_FILE"), e
    secrets = [d for d in docs if d["kind"] == "Secret"]
    assert len(secrets) == (1 if values.get("secrets", {}).get("create") else 0)
    # A Secret the chart makes holds exactly the keys the bot mounts.
    for s in secrets:
        assert set(s["stringData"]) == set(expected.values())


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_dns_is_pod_local_and_answers_only_the_pods_names(rendered: dict[str, list[dict[str, Any]]], scenario: str) -> None:
    values = effective(scenario)
    docs = rendered[scenario]
    bot_deploy = chart.find(docs, "Deployment", "warden")
    pod = bot_deploy["spec"]["template"]["spec"]
    assert pod["dnsPolicy"] == "None"
    assert pod["dnsConfig"]["nameservers"] == ["127.0.0.1"]
    assert pod["dnsConfig"]["searches"] == []
    dns = chart.container(bot_deploy, "dns")
    assert dns["command"] == ["/usr/sbin/dnsmasq"]
    args = dns["args"]
    for flag in ("--no-resolv", "--no-hosts", "--listen-address=127.0.0.1", "--bind-interfaces", "--keep-in-foreground"):
        assert flag in args
    assert not [a for a in args if a.startswith(("--server", "-S", "--resolv-file", "--addn-hosts", "--conf"))]
    assert args[-1] == "--address=/#/"
    assert [a for a in args if a.startswith("--address=")] == ["--address=/#/"]
    answers = dict(a.removeprefix("--host-record=").split(",") for a in args if a.startswith("--host-record="))
    proxy_service = chart.find(docs, "Service", "warden-egress-proxy")
    proxy_host = f"warden-egress-proxy.{chart.NAMESPACE}.svc.cluster.local"
    expected = {proxy_host: proxy_service["spec"]["clusterIP"]}
    if values["store"]["postgres"]["enabled"]:
        expected[values["store"]["postgres"]["host"]] = values["store"]["postgres"]["address"]
    expected.update(values["dns"]["extraHosts"])
    assert answers == expected
    assert proxy_service["spec"]["clusterIP"] == values["egressProxy"]["service"]["clusterIP"]
    assert {p["port"] for p in proxy_service["spec"]["ports"]} == {3128, 3129}
    # The bot and codex use the proxy by that name, each on its own port.
    benv = chart.env_of(chart.container(bot_deploy, "bot"))
    assert benv["WARDEN_HTTPS_PROXY"] == f"http://{proxy_host}:3128"
    assert benv["WARDEN_CODEX_HTTPS_PROXY"] == f"http://{proxy_host}:3129"
    no_proxy = benv["WARDEN_NO_PROXY"].split(",")
    assert "127.0.0.1" in no_proxy and proxy_host not in no_proxy
    # dnsmasq binds port 53 without a capability: the pod lowers the unprivileged port floor (a safe sysctl).
    assert {"name": "net.ipv4.ip_unprivileged_port_start", "value": "53"} in pod["securityContext"]["sysctls"]


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if s != "no-network-policy"])
def test_network_policies_leave_the_proxy_as_the_only_way_out(rendered: dict[str, list[dict[str, Any]]], scenario: str) -> None:
    values = effective(scenario)
    docs = rendered[scenario]
    bot_labels = chart.find(docs, "Deployment", "warden")["spec"]["selector"]["matchLabels"]
    proxy_labels = chart.find(docs, "Deployment", "warden-egress-proxy")["spec"]["selector"]["matchLabels"]
    bot_policy = chart.find(docs, "NetworkPolicy", "warden-bot")["spec"]
    assert bot_policy["podSelector"]["matchLabels"] == bot_labels
    assert set(bot_policy["policyTypes"]) == {"Ingress", "Egress"}
    postgres = values["store"]["postgres"]
    expected_rules = 2 if postgres["enabled"] else 1
    assert len(bot_policy["egress"]) == expected_rules
    to_proxy = bot_policy["egress"][0]
    assert to_proxy["to"] == [{"podSelector": {"matchLabels": proxy_labels}}]
    assert sorted((p["port"], p["protocol"]) for p in to_proxy["ports"]) == [(3128, "TCP"), (3129, "TCP")]
    if postgres["enabled"]:
        to_store = bot_policy["egress"][1]
        assert to_store["ports"] == [{"port": postgres["port"], "protocol": "TCP"}]
        assert to_store["to"] == (postgres["peers"] or [{"ipBlock": {"cidr": postgres["address"] + "/32"}}])
    for rule in bot_policy["egress"]:
        assert rule.get("to") and rule.get("ports"), "a rule without peers or ports allows everything"
        assert not [p for p in rule["ports"] if p["port"] == 53], "no DNS egress: DNS is pod-local"
        assert not [p for p in rule["to"] if p.get("ipBlock", {}).get("cidr") in ("0.0.0.0/0", "::/0")]
    assert len(bot_policy["ingress"]) == 1
    assert bot_policy["ingress"][0]["ports"] == [{"port": values["bot"]["port"], "protocol": "TCP"}]
    assert bot_policy["ingress"][0].get("from", []) == values["networkPolicy"]["ingressFrom"]

    proxy_policy = chart.find(docs, "NetworkPolicy", "warden-egress-proxy")["spec"]
    assert proxy_policy["podSelector"]["matchLabels"] == proxy_labels
    assert proxy_policy["ingress"] == [{"from": [{"podSelector": {"matchLabels": bot_labels}}],
                                        "ports": [{"port": 3128, "protocol": "TCP"}, {"port": 3129, "protocol": "TCP"}]}]
    upstream, cluster_dns = proxy_policy["egress"]
    gitlab_port = int(re.search(r":(\d+)", values["gitlab"]["url"].split("//", 1)[1] + ":443").group(1))
    assert {p["port"] for p in upstream["ports"]} == {443, gitlab_port}
    assert upstream["to"] == values["networkPolicy"]["upstream"]
    dns_port = values["networkPolicy"]["clusterDns"]["port"]
    assert sorted((p["port"], p["protocol"]) for p in cluster_dns["ports"]) == [(dns_port, "TCP"), (dns_port, "UDP")]


def test_without_network_policy_none_is_rendered(rendered: dict[str, list[dict[str, Any]]]) -> None:
    assert not [d for d in rendered["no-network-policy"] if d["kind"] == "NetworkPolicy"]
    assert len([d for d in rendered["default"] if d["kind"] == "NetworkPolicy"]) == 2


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_squid_allows_each_port_only_its_own_names(rendered: dict[str, list[dict[str, Any]]], scenario: str) -> None:
    values = effective(scenario)
    conf = chart.find(rendered[scenario], "ConfigMap", "warden-egress-proxy")["data"]["squid.conf"]
    lines = [l.strip() for l in conf.splitlines() if l.strip() and not l.strip().startswith("#")]
    assert "http_port 3128 name=warden" in lines and "http_port 3129 name=codex" in lines
    assert len([l for l in lines if l.startswith("http_port")]) == 2
    acls = {l.split()[1]: l.split()[2:] for l in lines if l.startswith("acl ")}
    assert acls["from_warden"] == ["myportname", "warden"] and acls["from_codex"] == ["myportname", "codex"]
    gitlab_host = values["gitlab"]["url"].split("//", 1)[1].split("/")[0].split(":")[0]
    assert acls["warden_hosts"][:2] == ["dstdomain", "-n"]
    assert acls["codex_hosts"][:2] == ["dstdomain", "-n"]
    assert set(acls["warden_hosts"][2:]) == {gitlab_host, *values["egressProxy"]["allow"]["warden"]}
    assert set(acls["codex_hosts"][2:]) == set(values["egressProxy"]["allow"]["codex"])
    assert gitlab_host not in acls["codex_hosts"]
    access = [l for l in lines if l.startswith("http_access")]
    assert access[0] == "http_access deny !CONNECT"
    assert "http_access deny ip_literal" in access
    assert access[-1] == "http_access deny all"
    allows = [l for l in access if l.startswith("http_access allow")]
    assert allows == ["http_access allow from_warden warden_hosts warden_ports",
                      "http_access allow from_codex codex_hosts codex_ports"]
    assert acls["codex_ports"] == ["port", "443"]
    assert ("http_access deny internal_dst" in access) == values["egressProxy"]["denyPrivateDestinations"]
    assert "hosts_file none" in lines and "via off" in lines and "forwarded_for delete" in lines


def test_every_value_is_documented_in_the_chart_readme() -> None:
    readme = README.read_text()
    values = yaml.safe_load((chart.CHART_DIR / "values.yaml").read_text())

    def leaves(node: Any, prefix: str = "") -> list[str]:
        if isinstance(node, dict) and node and not prefix.endswith(("resources", "requests", "limits")):
            return [k for key, value in node.items() for k in leaves(value, f"{prefix}.{key}" if prefix else key)]
        return [prefix]

    missing = [key for key in leaves(values) if f"`{key}`" not in readme]
    assert not missing, f"values without a row in the chart README: {missing}"
