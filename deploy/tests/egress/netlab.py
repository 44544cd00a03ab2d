"""Network namespaces for the egress test: a bot "pod", the egress "proxy" and an "internet".

Only namespaces this module creates are touched: veth pairs are created inside them (`ip -n A link add … netns B`),
addresses come from 198.51.100.0/24 and 203.0.113.0/24 (documentation ranges), and nothing is added to the root
namespace's interfaces or firewall. The only host file written is /etc/netns/<ns>/resolv.conf, which
`ip netns exec` bind-mounts over /etc/resolv.conf inside that namespace; it is removed with the namespace.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import IO, Sequence


class Lab:
    """Creates namespaces, runs commands and processes in them, and removes everything in `close()`."""

    def __init__(self, prefix: str, workdir: Path) -> None:
        self.prefix = prefix
        self.workdir = workdir
        self.namespaces: list[str] = []
        self.processes: list[tuple[str, subprocess.Popen[bytes]]] = []

    # -- namespaces -----------------------------------------------------------------------------------------
    def ns(self, role: str) -> str:
        return f"{self.prefix}-{role}"

    def add_namespace(self, role: str, resolver: str | None = None) -> str:
        name = self.ns(role)
        # A namespace of this name can only be left over from an earlier run that was killed (the name holds this
        # process's pid): remove it first.
        subprocess.run(["ip", "netns", "del", name], check=False, capture_output=True)
        subprocess.run(["ip", "netns", "add", name], check=True)
        self.namespaces.append(name)
        self.run(role, ["ip", "link", "set", "lo", "up"])
        if resolver is not None:
            etc = Path("/etc/netns") / name
            etc.mkdir(parents=True, exist_ok=True)
            (etc / "resolv.conf").write_text(resolver)
        return name

    def attach_namespace(self, role: str, pid: int) -> str:
        """Names the network namespace of process `pid` (a container's, made by podman) as this lab's `role`, so
        links and commands reach it; `close()` removes only the name, the namespace goes with its container."""
        name = self.ns(role)
        subprocess.run(["ip", "netns", "del", name], check=False, capture_output=True)
        subprocess.run(["ip", "netns", "attach", name, str(pid)], check=True)
        self.namespaces.append(name)
        self.run(role, ["ip", "link", "set", "lo", "up"])
        return name

    def link(self, a: str, a_if: str, a_addr: str, b: str, b_if: str, b_addr: str) -> None:
        """A veth pair made inside namespace `a` with its peer moved straight into `b`."""
        subprocess.run(["ip", "-n", self.ns(a), "link", "add", a_if, "type", "veth",
                        "peer", "name", b_if, "netns", self.ns(b)], check=True)
        for role, ifname, addr in ((a, a_if, a_addr), (b, b_if, b_addr)):
            self.run(role, ["ip", "addr", "add", addr, "dev", ifname])
            self.run(role, ["ip", "link", "set", ifname, "up"])

    # -- commands -------------------------------------------------------------------------------------------
    def cmd(self, role: str, argv: Sequence[str]) -> list[str]:
        return ["ip", "netns", "exec", self.ns(role), *argv]

    def run(self, role: str, argv: Sequence[str], *, check: bool = True, timeout: float = 30,
            env: dict[str, str] | None = None, input: bytes | None = None) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(self.cmd(role, argv), capture_output=True, timeout=timeout, env=env,
                                input=input.decode() if input is not None else None, text=True, check=False)
        if check and result.returncode != 0:
            raise AssertionError(f"{' '.join(argv)} in {role} exited {result.returncode}: {result.stderr}")
        return result

    def start(self, role: str, label: str, argv: Sequence[str], *, env: dict[str, str] | None = None,
              owner: int | None = None, read_only_root: bool = False,
              writable: Sequence[str] = ()) -> subprocess.Popen[bytes]:
        """Starts a long-running process in a namespace; its output goes to <workdir>/<label>.log.

        `owner`: the uid the process runs as, which then owns its output too, as runc and crun give a container's
        stdio to its user (squid reopens /dev/stdout by name).
        `read_only_root`: run it in a mount namespace of its own where `/` is read-only except `writable` (a
        container's readOnlyRootFilesystem with its emptyDir volumes); the remount is of this namespace's mount
        only, nothing outside it changes.
        """
        if read_only_root:
            script = "".join(f"mount --bind {w} {w} && " for w in writable)
            script += 'mount -o remount,bind,ro / && exec "$@"'
            argv = ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c", script, "sh", *argv]
        log: IO[bytes] = open(self.workdir / f"{label}.log", "wb")
        if owner is not None:
            os.fchown(log.fileno(), owner, -1)
        proc = subprocess.Popen(self.cmd(role, argv), stdout=log, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)
        log.close()
        self.processes.append((label, proc))
        return proc

    def log(self, label: str) -> str:
        return (self.workdir / f"{label}.log").read_text(errors="replace")

    def wait_tcp(self, role: str, host: str, port: int, proc: subprocess.Popen[bytes], label: str, timeout: float = 20) -> None:
        """Waits until `host:port` accepts connections from inside `role` (or fails with the process's log)."""
        probe = ("import socket,sys\n"
                 "s=socket.socket(); s.settimeout(0.5)\n"
                 f"sys.exit(s.connect_ex(('{host}', {port})))\n")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise AssertionError(f"{label} exited {proc.returncode}:\n{self.log(label)}")
            if self.run(role, ["python3", "-c", probe], check=False).returncode == 0:
                return
            time.sleep(0.2)
        raise AssertionError(f"{label} did not listen on {host}:{port} within {timeout}s:\n{self.log(label)}")

    def wait_log(self, label: str, needle: str, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.log(label):
                return
            time.sleep(0.1)
        raise AssertionError(f"{label} never logged {needle!r}:\n{self.log(label)}")

    def stop(self, proc: subprocess.Popen[bytes]) -> None:
        """SIGTERM, then SIGKILL, to the process group of one process this lab started."""
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=5)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(timeout=5)

    # -- cleanup --------------------------------------------------------------------------------------------
    def close(self) -> None:
        # SIGTERM to every process group at once, then wait (and SIGKILL) one by one: squid alone takes its
        # shutdown_lifetime.
        for _, proc in self.processes:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for _, proc in reversed(self.processes):
            try:
                self.stop(proc)
            except Exception:  # keep cleaning up
                pass
        for name in reversed(self.namespaces):
            subprocess.run(["ip", "netns", "del", name], check=False, capture_output=True)
            shutil.rmtree(Path("/etc/netns") / name, ignore_errors=True)
        self.namespaces.clear()
