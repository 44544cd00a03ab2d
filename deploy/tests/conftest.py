"""Shared helpers of the deploy tests: a podman with the project's configuration and storage, the offline Debian
base, and the images of deploy/images built from it.

Everything podman keeps lives under .build/deploy/ (gitignored): storage, run state, the base rootfs tarball. The
base is made once by scripts/make-base-rootfs (debootstrap from the mirror apt uses) and reused while that script
is unchanged, so reruns do not download anything. Images are built with --network=none: they must build offline.

Environment: WARDEN_BINARY (default .build/debug/warden, which `make test` builds) is the binary put into the
images; a debug build brings the Swift runtime libraries it links (deploy/images/warden/stage-context).
"""

import hashlib
import os
import shutil
import tempfile
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEPLOY_BUILD = REPO / ".build" / "deploy"
IMAGES = REPO / "deploy" / "images"
# The uid of the tests' containers: none of the images' own, as OpenShift's restricted SCC assigns.
ARBITRARY_USER = "123456:0"


@dataclass(frozen=True)
class Podman:
    """`podman` with the project's containers.conf and its own storage under .build/deploy."""

    root: Path

    @property
    def environment(self) -> dict[str, str]:
        return {**os.environ, "CONTAINERS_CONF": str(REPO / "deploy" / "podman" / "containers.conf")}

    @property
    def command(self) -> list[str]:
        return ["podman", "--root", str(self.root / "storage"), "--runroot", str(self.root / "run"),
                "--storage-driver", "overlay"]

    def __call__(self, *args: str, check: bool = True, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
        """Runs podman ARGS, capturing text output; fails the test with podman's stderr when check is set."""
        result = subprocess.run(self.command + list(args), env=self.environment, capture_output=True, text=True,
                                timeout=timeout, **kwargs)
        if check and result.returncode != 0:
            pytest.fail(f"podman {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
        return result

    def run(self, image: str, *command: str, options: tuple[str, ...] = (), check: bool = False,
            timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
        """`podman run` as the tests run everything: no network, a read-only root, an arbitrary uid in group 0."""
        return self("run", "--rm", "--network=none", "--read-only", "--user", ARBITRARY_USER, *options, image,
                    *command, check=check, timeout=timeout, **kwargs)


@pytest.fixture(scope="session")
def podman() -> Podman:
    DEPLOY_BUILD.mkdir(parents=True, exist_ok=True)
    return Podman(DEPLOY_BUILD)


@pytest.fixture(scope="session")
def base_image(podman: Podman) -> str:
    """The offline Debian bookworm base, rebuilt only when scripts/make-base-rootfs changes."""
    script = REPO / "scripts" / "make-base-rootfs"
    digest = hashlib.sha256(script.read_bytes()).hexdigest()[:12]
    tarball = DEPLOY_BUILD / f"base-rootfs-{digest}.tar"
    image = f"localhost/warden-test-base:{digest}"
    if podman("image", "exists", image, check=False).returncode == 0:
        return image
    if not tarball.exists():
        for stale in DEPLOY_BUILD.glob("base-rootfs-*.tar"):  # made by an older make-base-rootfs
            stale.unlink()
        result = subprocess.run([str(script), str(tarball)], capture_output=True, text=True, timeout=1800)
        assert result.returncode == 0, f"make-base-rootfs failed:\n{result.stderr[-4000:]}"
    podman("import", "--change", 'CMD ["/bin/bash"]', str(tarball), image)
    return image


@pytest.fixture(scope="session")
def warden_binary() -> Path:
    binary = Path(os.environ.get("WARDEN_BINARY", REPO / ".build" / "debug" / "warden"))
    assert os.access(binary, os.X_OK), f"{binary} is missing: run `make build` first or set WARDEN_BINARY"
    return binary


@pytest.fixture(scope="session")
def codex_install_dir() -> Path:
    """The pinned codex wheel tree that scripts/install-codex keeps under .tools/ (it downloads only when absent)."""
    result = subprocess.run([str(REPO / "scripts" / "install-codex")], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip()).parents[2]


@pytest.fixture(scope="session")
def images(podman: Podman, base_image: str, warden_binary: Path, codex_install_dir: Path) -> dict[str, str]:
    """Builds every image of deploy/images offline from the test base; returns the tag of each by name."""
    stage = IMAGES / "warden" / "stage-context"
    contexts = {"warden": DEPLOY_BUILD / "context" / "warden", "warden-exec": DEPLOY_BUILD / "context" / "warden-exec"}
    for name, codex in (("warden", str(codex_install_dir)), ("warden-exec", "none")):
        subprocess.run([str(stage), str(warden_binary), codex, str(contexts[name])], check=True, timeout=300)
    builds = {
        "warden": ("warden", contexts["warden"], "standalone"),
        "warden-sidecar-bot": ("warden", contexts["warden"], "sidecar-bot"),
        "warden-exec": ("warden-exec", contexts["warden-exec"], None),
        "egress-proxy": ("egress-proxy", IMAGES / "egress-proxy", None),
        "dns": ("dns", IMAGES / "dns", None),
    }
    tags = {}
    for name, (folder, context, target) in builds.items():
        tags[name] = f"localhost/warden-test-{name}:latest"
        podman("build", "--network=none", "--build-arg", f"BASE={base_image}", *(["--target", target] if target else []),
               "-t", tags[name], "-f", str(IMAGES / folder / "Containerfile"), str(context), timeout=900)
    return tags


@pytest.fixture
def new_container_name(request, podman: Podman):
    """Returns a function making container names unique to the test; those containers are removed when it ends."""
    names: list[str] = []
    prefix = "warden-test-" + hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:8]

    def new() -> str:
        names.append(f"{prefix}-{len(names)}")
        return names[-1]

    yield new
    for name in reversed(names):  # later containers may join an earlier one's network namespace
        podman("rm", "--force", "--time", "1", name, check=False)


@pytest.fixture
def shared_dir() -> Path:
    """A folder for bind mounts that any container uid can traverse (pytest's tmp_path sits under a 0700 folder)."""
    parent = DEPLOY_BUILD / "tmp"
    parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=parent))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
