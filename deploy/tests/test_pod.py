"""The pod runs: `podman kube play` of the chart's rendered bot Deployment reviews a merge request end to end.

Three network namespaces, as in test_egress.py: "pod" (the bot pod's own namespace, made by podman and wired by this
test, with nftables rules made from the chart's bot NetworkPolicy), "proxy" (squid with the rendered squid.conf,
unprivileged, and a dnsmasq playing the cluster DNS) and "internet" (WardenTestWorld — the fake GitLab, the git
server and the scripted model of the Swift tests — behind a TLS front on the public names `gitlab.example.test`,
`git.example.test` and `api.openai.com`). The pod reaches them only through the proxy, and resolves only through its
own dns container.

The Deployment is played as rendered, but for what a cluster supplies and podman 4.3 does not (`playable()` lists
each).

The model's script (Sources/WardenTestWorld): a shell command that reports where it runs, an `apply_patch` writing
outside the worktree, then a review with one finding.
"""

from __future__ import annotations

import copy
import json
import os
import secrets
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from conftest import REPO, Podman
from egress import certs
from egress import render as chart
from egress.netlab import Lab
from test_egress import UNPRIVILEGED, nft_rules_from_network_policy

HERE = Path(__file__).resolve().parent
PROXY_IP = "198.51.100.1"   # must be test_egress's: its NetworkPolicy translation points the proxy rules there
POD_IP = "198.51.100.2"
UPSTREAM = {"gitlab.example.test": "203.0.113.10", "git.example.test": "203.0.113.11", "api.openai.com": "203.0.113.12"}
TOKEN = "glpat-pod-test-" + secrets.token_hex(8)
WEBHOOK_SECRET = "whsec-pod-" + secrets.token_hex(8)
FS_GROUP = 2000
DATA_DIR = "/var/lib/warden/data"  # the chart's WARDEN_DATA_DIR: <persistence.work.path>/data
# The model's shell command: where it runs (cgroup, uid, working directory) and whether it sees CODEX_HOME.
COMMAND = ('echo "uid=$(id -u)"; echo "cwd=$(pwd)"; echo "codex_home_var=[${CODEX_HOME:-}]"; '
           'if [ -e /codex-home ]; then echo codex-home-visible; else echo codex-home-absent; fi; '
           'ls src; cat /proc/self/cgroup')
PATCH_PATH = "/tmp/written-by-the-model.txt"
CODEX_CONFIG = """\
model = "gpt-5.5"
model_provider = "scripted"
cli_auth_credentials_store = "file"

[model_providers.scripted]
name = "scripted"
base_url = "https://api.openai.com/v1"
wire_api = "responses"
request_max_retries = 0
stream_max_retries = 0
supports_websockets = false
"""


def chart_values(images: dict[str, str]) -> dict[str, Any]:
    """The chart's values for this test: the test's names and images, the scripted model as codex's provider."""
    def image(tag: str) -> dict[str, str]:
        repository, _, version = tag.rpartition(":")
        return {"repository": repository, "tag": version}
    return {
        "gitlab": {"url": "https://gitlab.example.test"},
        "egressProxy": {"service": {"clusterIP": PROXY_IP},
                        "allow": {"warden": ["git.example.test"]}},
        "images": {"bot": image(images["warden-sidecar-bot"]), "exec": image(images["warden-exec"]),
                   "dns": image(images["dns"]), "egressProxy": image(images["egress-proxy"]),
                   "pullPolicy": "Never"},
        "bot": {"username": "warden-bot", "userId": "4242", "logLevel": "debug"},
        "codex": {"model": "gpt-5.5", "configToml": CODEX_CONFIG},
        "persistence": {"work": {"type": "emptyDir"}},
        "podSecurityContext": {"fsGroup": FS_GROUP},
    }


def playable(deployment: dict[str, Any], codex_config: str, volumes: Path, ca: Path) -> dict[str, Any]:
    """The rendered Deployment as podman 4.3 can play it, with what a cluster would supply as host folders.

    - Volumes: the PVCs, emptyDirs, the Secret and the ConfigMap become hostPath folders made as kubelet makes them
      (emptyDir 0777 with the fsGroup's group and set-gid; Secret files 0440 root:fsGroup; the ConfigMap's file 0444).
    - podman 4.3 ignores `fsGroup`, `dnsConfig` and `sysctls`: the fsGroup becomes a supplementary group (what kubelet
      gives every container), `dnsConfig` a mounted resolv.conf, and the fixture sets the sysctls in the namespace.
    - `ports` and the probes go: podman would publish the ports on the host (it refuses without bridge networking)
      and run the probes inside the container (kubelet probes from outside; the fixture does, from the pod's network).
    - The bot container trusts the test's CA (its file over the image's bundle).
    """
    deployment = copy.deepcopy(deployment)
    spec = deployment["spec"]["template"]["spec"]
    fs_group = spec["securityContext"]["fsGroup"]
    spec["securityContext"]["supplementalGroups"] = [fs_group]
    dns = spec["dnsConfig"]
    resolv = "".join(f"nameserver {n}\n" for n in dns["nameservers"])
    resolv += "options " + " ".join(f"{o['name']}:{o['value']}" for o in dns.get("options", [])) + "\n"
    (volumes / "resolv.conf").write_text(resolv)
    replaced = []
    for volume in spec["volumes"]:
        folder = volumes / volume["name"]
        folder.mkdir()
        if "configMap" in volume:
            (folder / "config.toml").write_text(codex_config)
            (folder / "config.toml").chmod(0o444)
        elif "secret" in volume:
            for name, value in (("gitlab-token", TOKEN), ("gitlab-webhook-secret", WEBHOOK_SECRET)):
                (folder / name).write_text(value)
                os.chown(folder / name, 0, fs_group)
                (folder / name).chmod(0o440)
        os.chown(folder, 0, fs_group)
        folder.chmod(0o2755 if "configMap" in volume or "secret" in volume else 0o2777)
        replaced.append({"name": volume["name"], "hostPath": {"path": str(folder), "type": "Directory"}})
    spec["volumes"] = replaced + [
        {"name": "test-ca", "hostPath": {"path": str(ca), "type": "File"}},
        {"name": "test-resolv-conf", "hostPath": {"path": str(volumes / "resolv.conf"), "type": "File"}},
        {"name": "codex-config-file", "hostPath": {"path": str(volumes / "codex-config" / "config.toml"), "type": "File"}},
    ]
    for container in spec["containers"]:
        for kubelet_only in ("ports", "readinessProbe", "livenessProbe"):
            container.pop(kubelet_only, None)
        mounts = container.setdefault("volumeMounts", [])
        for mount in mounts:
            if mount["name"] == "codex-config":  # a subPath of the folder: the file itself
                mount.pop("subPath")
                mount["name"] = "codex-config-file"
        mounts.append({"name": "test-resolv-conf", "mountPath": "/etc/resolv.conf", "readOnly": True})
        if container["name"] == "bot":
            mounts.append({"name": "test-ca", "mountPath": "/etc/ssl/certs/ca-certificates.crt", "readOnly": True})
    return deployment


class PodWorld:
    """The running namespaces, world and pod."""

    def __init__(self, lab: Lab, podman: Podman, world: subprocess.Popen[str], ready: dict[str, Any],
                 pod: str, volumes: Path) -> None:
        self.lab, self.podman, self.world, self.ready, self.pod, self.volumes = lab, podman, world, ready, pod, volumes

    def container(self, name: str) -> str:
        return f"{self.pod}-{name}"

    def logs(self) -> str:
        out = []
        for name in ("bot", "exec", "dns"):
            result = self.podman("logs", self.container(name), check=False)
            out.append(f"--- {name}\n{result.stdout[-6000:]}{result.stderr[-6000:]}")
        out.append(f"--- squid\n{self.lab.log('squid')[-3000:]}")
        return "\n".join(out)

    def gitlab_api(self, path: str) -> Any:
        """GET on the fake GitLab's API, from the internet namespace (not through the pod)."""
        result = self.lab.run("internet", ["curl", "-sS", "--fail", "-H", f"PRIVATE-TOKEN: {TOKEN}",
                                           f"http://127.0.0.1:{self.ready['gitlab_port']}/api/v4{path}"])
        return json.loads(result.stdout)

    def finish(self) -> dict[str, Any]:
        """Stops the world and returns what it recorded (its last line of output)."""
        self.world.terminate()
        out, _ = self.world.communicate(timeout=30)
        return json.loads(out.strip().splitlines()[-1])


def wait_until(what: str, probe, timeout: float, details=lambda: "") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"{what} within {timeout:.0f}s\n{details()}")


@pytest.fixture(scope="module")
def pod_world(podman: Podman, images: dict[str, str]) -> Iterator[PodWorld]:
    world_binary = REPO / ".build" / "debug" / "WardenTestWorld"
    assert os.access(world_binary, os.X_OK), f"{world_binary} is missing: run `make build` first"
    started = time.monotonic()
    docs = chart.render(chart_values(images))
    bot = chart.find(docs, "Deployment", "warden")
    squid_conf = chart.find(docs, "ConfigMap", "warden-egress-proxy")["data"]["squid.conf"]
    codex_config = chart.find(docs, "ConfigMap", "warden-codex-config")["data"]["config.toml"]
    policy = chart.find(docs, "NetworkPolicy", "warden-bot")
    proxy_labels = chart.find(docs, "Deployment", "warden-egress-proxy")["spec"]["selector"]["matchLabels"]
    squid_container = chart.container(chart.find(docs, "Deployment", "warden-egress-proxy"), "squid")

    workdir = Path(tempfile.mkdtemp(prefix="warden-pod-", dir=REPO / ".build" / "deploy"))
    workdir.chmod(0o755)
    lab = Lab(f"wpod{os.getpid() % 100000}", workdir)
    pod_id = None
    world = None
    try:
        ca = certs.make_ca_and_cert(workdir, UPSTREAM, UPSTREAM.values())
        lab.add_namespace("proxy", resolver="nameserver 127.0.0.1\n")
        lab.add_namespace("internet")
        lab.link("proxy", "x1", "203.0.113.1/24", "internet", "i1", "203.0.113.2/24")
        for address in UPSTREAM.values():
            lab.run("internet", ["ip", "addr", "add", f"{address}/32", "dev", "i1"])
        lab.run("internet", ["ip", "route", "add", "198.51.100.0/24", "via", "203.0.113.1"])
        lab.run("proxy", ["sysctl", "-qw", "net.ipv4.ip_forward=1"])

        # The internet: the world on loopback, TLS in front of it on the public names.
        world = subprocess.Popen(lab.cmd("internet", [str(world_binary), "--token", TOKEN,
                                                      "--clone-url", "https://git.example.test/acme/app.git",
                                                      "--command", COMMAND, "--patch-path", PATCH_PATH]),
                                 stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=open(workdir / "world.log", "wb"), text=True)
        readable, _, _ = select.select([world.stdout], [], [], 60)  # the world prints its ports once it is up
        ready = json.loads(world.stdout.readline() or "{}") if readable else {}
        assert "gitlab_port" in ready, (workdir / "world.log").read_text()
        ports = {"gitlab.example.test": ready["gitlab_port"], "git.example.test": ready["git_port"],
                 "api.openai.com": ready["model_port"]}
        front = lab.start("internet", "tls-front", ["python3", str(HERE / "egress" / "tlsfront.py"),
                                                    str(workdir / "server.pem"), str(workdir / "server.key"),
                                                    *[f"{UPSTREAM[n]}={p}" for n, p in ports.items()]])
        # The proxy: the cluster DNS it resolves with, and squid as the chart runs it.
        cluster_dns = lab.start("proxy", "cluster-dns", [
            "dnsmasq", "--keep-in-foreground", "--log-facility=-", "--log-queries", "--pid-file", "--no-resolv",
            "--no-hosts", "--listen-address=127.0.0.1", "--bind-interfaces",
            *[f"--host-record={name},{address}" for name, address in UPSTREAM.items()]])
        (workdir / "squid.conf").write_text(squid_conf)
        squid = lab.start("proxy", "squid", [*UNPRIVILEGED, *squid_container["command"], *squid_container["args"][:-1],
                                             str(workdir / "squid.conf")],
                          owner=65534, read_only_root=True, writable=["/tmp"])
        lab.wait_tcp("internet", UPSTREAM["api.openai.com"], 443, front, "tls-front")
        lab.wait_tcp("proxy", "127.0.0.1", 53, cluster_dns, "cluster-dns")
        lab.wait_tcp("proxy", "127.0.0.1", 3128, squid, "squid")

        # The pod: played without starting, its network namespace (the infra container's, which podman 4.3 cannot
        # take from a path) wired to the proxy with the NetworkPolicy's rules and the pod's sysctls, then started.
        volumes = workdir / "volumes"
        volumes.mkdir()
        (workdir / "pod.yaml").write_text(yaml.safe_dump(playable(bot, codex_config, volumes, ca), sort_keys=False))
        played = podman("kube", "play", "--start=false", "--network", "none", str(workdir / "pod.yaml"), timeout=120)
        pod_id = played.stdout.split("Pod:")[1].split()[0]
        pod_name = podman("pod", "inspect", "--format", "{{.Name}}", pod_id).stdout.strip()
        infra = podman("pod", "inspect", "--format", "{{.InfraContainerID}}", pod_id).stdout.strip()
        podman("start", infra)
        lab.attach_namespace("pod", int(podman("inspect", "--format", "{{.State.Pid}}", infra).stdout))
        lab.link("pod", "p0", f"{POD_IP}/24", "proxy", "x0", f"{PROXY_IP}/24")
        lab.run("pod", ["ip", "route", "add", "default", "via", PROXY_IP])
        (workdir / "netpol.nft").write_text(nft_rules_from_network_policy(policy, proxy_labels))
        lab.run("pod", ["nft", "-f", str(workdir / "netpol.nft")])
        for sysctl in bot["spec"]["template"]["spec"]["securityContext"].get("sysctls", []):
            lab.run("pod", ["sysctl", "-qw", f"{sysctl['name']}={sysctl['value']}"])
        podman("pod", "start", pod_id, timeout=120)
        pod_world = PodWorld(lab, podman, world, ready, pod_name, volumes)
        wait_until("the bot was not ready", lambda: lab.run("pod", [
            "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "2", "http://127.0.0.1:8080/readyz"],
            check=False).stdout == "200", 60, pod_world.logs)
        print(f"pod world up in {time.monotonic() - started:.1f}s")
        yield pod_world
    finally:
        if pod_id is not None:
            podman("pod", "rm", "--force", "--time", "2", pod_id, check=False, timeout=60)
        if world is not None and world.poll() is None:
            world.kill()
            world.wait(timeout=10)
        lab.close()
        if not os.environ.get("WARDEN_POD_KEEP"):
            shutil.rmtree(workdir, ignore_errors=True)


def merge_request_event(ready: dict[str, Any]) -> str:
    """GitLab's "merge request opened" webhook for the world's merge request (the fields Warden reads)."""
    return json.dumps({
        "object_kind": "merge_request", "event_type": "merge_request", "user": ready["author"],
        "project": {"id": ready["project_id"]},
        "object_attributes": {"id": 5001, "iid": ready["iid"], "action": "open", "state": "opened", "draft": False,
                              "title": "Divide by the count", "last_commit": {"id": ready["head_sha"]},
                              "target_project_id": ready["project_id"]},
    })


def test_the_bot_pod_reviews_a_merge_request_with_the_model_confined_to_the_exec_container(pod_world: PodWorld) -> None:
    world = pod_world
    started = time.monotonic()
    delivery = world.lab.run("pod", [
        "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", "-X", "POST",
        "-H", "Content-Type: application/json", "-H", "X-Gitlab-Event: Merge Request Hook",
        "-H", f"X-Gitlab-Token: {WEBHOOK_SECRET}", "--data-binary", merge_request_event(world.ready),
        "http://127.0.0.1:8080/webhooks/gitlab"], check=False)
    assert delivery.stdout == "202", (delivery.stdout, delivery.stderr)

    def posted() -> list[dict[str, Any]] | None:
        notes = [n for d in world.gitlab_api("/projects/7/merge_requests/1/discussions") for n in d["notes"]]
        inline = [n for n in notes if n.get("position")]
        return notes if inline and len(notes) > len(inline) else None
    notes = wait_until("no status note and inline note were posted", posted, 240, world.logs)
    print(f"review posted {time.monotonic() - started:.1f}s after the webhook")

    exec_id = world.podman("inspect", "--format", "{{.Id}}", world.container("exec")).stdout.strip()
    bot_id = world.podman("inspect", "--format", "{{.Id}}", world.container("bot")).stdout.strip()
    for container in ("bot", "exec", "dns"):
        leftover = world.podman("exec", world.container(container), "/usr/bin/test", "-e", PATCH_PATH, check=False)
        assert leftover.returncode == 1, f"{PATCH_PATH} exists in the {container} container"
    state = world.finish()

    assert any("Division by zero" in n["body"] and n.get("position") for n in notes), notes
    assert any(n["inline"] for n in state["notes"]) and any(not n["inline"] for n in state["notes"]), state["notes"]
    requests = state["model_requests"]
    assert len(requests) >= 3, requests
    # The shell command's output (in the second request) shows where it ran.
    shell = "\n".join(requests[1]["tool_outputs"])
    assert "uid=10002" in shell, shell                      # the exec image's user, not the bot's 10001
    assert f"cwd={DATA_DIR}/worktrees/" in shell, shell  # the review's worktree, on the shared volume
    assert "codex-home-absent" in shell and "codex_home_var=[]" in shell, shell
    assert "app.py" in shell, shell                          # it sees the merge request's files
    assert exec_id in shell and bot_id not in shell, shell   # its cgroup is the exec container's
    # The apply_patch (answered in the third request) was refused by codex; nothing was written anywhere.
    assert "apply_patch" not in requests[0]["tools"], requests[0]["tools"]
    refusal = "\n".join(requests[2]["tool_outputs"][len(requests[1]["tool_outputs"]):])
    print(f"shell output:\n{shell}\napply_patch answer:\n{refusal}")
    assert "unsupported" in refusal and "apply_patch" in refusal, refusal
    assert not list(world.volumes.rglob(Path(PATCH_PATH).name))
    # Both went through the proxy, each on its own port (squid logs a tunnel when it closes).
    squid = world.lab.log("squid")
    assert "port=3128 CONNECT git.example.test:443 200" in squid, squid[-3000:]
    assert "port=3129 CONNECT api.openai.com:443 200" in squid, squid[-3000:]
    assert state["git_requests"] > 0
