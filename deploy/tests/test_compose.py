"""deploy/compose/compose.yaml brought up by Debian's docker-compose against `podman system service`, with a
`network_mode: none` override (the tests never create a network): warden serve starts on the SQLite default,
`warden doctor` passes inside it, /healthz answers, and `down -v` removes the container and its volumes."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ARBITRARY_USER, REPO, Podman

PROJECT = "wardentest"
NO_NETWORK = "services:\n  warden:\n    network_mode: none\n"


def end_exec_monitors(container_ids: list[str]) -> None:
    """Ends the conmon processes that podman's API service keeps for 5 minutes after each `exec` into the
    containers (for a client to read the exit code); the containers are gone by then."""
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if argv[0].endswith(b"conmon") and b"-c" in argv and argv[argv.index(b"-c") + 1].decode() in container_ids:
            os.kill(int(entry.name), signal.SIGTERM)


@pytest.fixture
def docker_host(podman: Podman, shared_dir: Path):
    """A podman API service on a unix socket of the test, for docker-compose (DOCKER_HOST)."""
    socket = shared_dir / "podman.sock"
    service = subprocess.Popen(podman.command + ["system", "service", "--time=0", f"unix://{socket}"],
                               env=podman.environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not socket.exists():
        assert service.poll() is None and time.monotonic() < deadline, service.stderr.read() if service.stderr else ""
        time.sleep(0.1)
    yield f"unix://{socket}"
    service.terminate()
    service.wait(timeout=30)


def test_compose_file_runs_warden_serve_and_comes_down_cleanly(podman: Podman, images, docker_host, shared_dir):
    (shared_dir / "no-network.yaml").write_text(NO_NETWORK)
    (shared_dir / "webhook-secret").write_text(os.urandom(32).hex())
    environment = {**os.environ, "DOCKER_HOST": docker_host, "WARDEN_IMAGE": images["warden"],
                   "WARDEN_UID": ARBITRARY_USER.split(":")[0], "WARDEN_WEBHOOK_SECRET_FILE": str(shared_dir / "webhook-secret")}

    def compose(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["docker-compose", "-p", PROJECT, "-f", str(REPO / "deploy" / "compose" / "compose.yaml"),
                               "-f", str(shared_dir / "no-network.yaml"), *args],
                              env=environment, capture_output=True, text=True, timeout=120)

    networks_before = podman("network", "ls", "--format", "{{.Name}}").stdout.split()
    container_ids: list[str] = []
    try:
        up = compose("up", "-d")
        assert up.returncode == 0, up.stderr
        container_ids = compose("ps", "-q").stdout.split()
        doctor = compose("exec", "-T", "warden", "warden", "doctor")
        assert doctor.returncode == 0, doctor.stdout + doctor.stderr
        assert "ok       CODEX_HOME /codex-home exists and is writable" in doctor.stdout
        assert "ok       warden runs as uid 123456" in doctor.stdout
        probe = ('exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /readyz HTTP/1.1\\r\\nHost: warden\\r\\n'
                 'Connection: close\\r\\n\\r\\n" >&3 && cat <&3')
        for _ in range(50):  # until serve listens
            ready = compose("exec", "-T", "warden", "bash", "-c", probe)
            if ready.returncode == 0:
                break
            time.sleep(0.2)
        assert ready.stdout.startswith("HTTP/1.1 200"), ready.stdout + ready.stderr
        # The store is the embedded SQLite file in the data volume; tini is PID 1 (it reaps orphans), serve its child.
        inside = compose("exec", "-T", "warden", "bash", "-c", "cat /proc/1/comm; ls /var/lib/warden").stdout.split()
        assert inside[0] == "tini", inside
        assert any(name.endswith(".sqlite") for name in inside[1:]), inside
    finally:
        down = compose("down", "--volumes", "--timeout", "30")
        end_exec_monitors(container_ids)
    assert down.returncode == 0, down.stderr
    left = podman("ps", "--all", "--filter", f"label=com.docker.compose.project={PROJECT}", "--format", "{{.Names}}")
    assert left.stdout.strip() == ""
    volumes = podman("volume", "ls", "--format", "{{.Name}}").stdout.split()
    assert not [v for v in volumes if v.startswith(PROJECT)]
    assert podman("network", "ls", "--format", "{{.Name}}").stdout.split() == networks_before
