"""The chart's environment against the real binary: every WARDEN_* variable the chart sets for the bot and exec
containers is a setting of the built `warden`, with a value it accepts (`warden config check`), in every scenario.

A renamed or misspelt variable in the chart would otherwise be ignored by Warden at runtime (with at most a
warning), and the pod would run without the proxy or the sidecar it was meant to have.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from egress import render as chart
from test_chart import SCENARIOS

WARDEN = Path(__file__).resolve().parents[2] / ".build" / "debug" / "warden"


def settings_of(binary: Path) -> set[str]:
    """The variables the binary's settings registry declares (`warden config docs` lists each in backticks)."""
    text = subprocess.run([str(binary), "config", "docs"], check=True, capture_output=True, text=True).stdout
    return {word.strip("`") for word in text.split() if word.startswith("`WARDEN_")}


@pytest.fixture(scope="module")
def declared() -> set[str]:
    assert WARDEN.exists(), f"{WARDEN} is missing: run `make build` first (make test builds it)"
    names = settings_of(WARDEN)
    assert "WARDEN_CODEX_EXEC_SIDECAR" in names and "WARDEN_HTTPS_PROXY" in names
    return names


def environment(container: dict[str, Any], secret_dir: Path) -> dict[str, str]:
    """The container's env as the kubelet would give it, with each `*_FILE` pointing at a stand-in secret file."""
    env: dict[str, str] = {}
    for entry in container.get("env", []):
        value = entry.get("value")
        if value is None:
            continue
        if entry["name"].endswith("_FILE"):
            stand_in = secret_dir / entry["name"]
            stand_in.write_text("s" * 32)
            value = str(stand_in)
        env[entry["name"]] = value
    return env


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
@pytest.mark.parametrize("name", ["bot", "exec"])
def test_every_warden_variable_is_a_setting_the_binary_accepts(declared: set[str], scenario: str, name: str, tmp_path: Path) -> None:
    bot = chart.find(chart.render(SCENARIOS[scenario]), "Deployment", "warden")
    env = environment(chart.container(bot, name), tmp_path)
    unknown = sorted(n for n in env if n.startswith("WARDEN_") and n not in declared)
    assert not unknown, f"{scenario}/{name}: not Warden settings: {unknown}"
    data = tmp_path / "data"
    data.mkdir()
    env.update({"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "WARDEN_DATA_DIR": str(data)})
    check = subprocess.run([str(WARDEN), "config", "check"], env=env, capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, f"{scenario}/{name}: {check.stdout}{check.stderr}"


def test_the_default_bot_image_is_the_one_without_a_real_shell() -> None:
    """`make images` tags the sidecar-bot target (whose /bin/bash is the exec shim) `warden-sidecar-bot`; `warden` is
    the standalone image with a real shell, which in this pod would run the model's commands beside CODEX_HOME."""
    bot = chart.find(chart.render({}), "Deployment", "warden")
    image = chart.container(bot, "bot")["image"]
    assert image.rsplit(":", 1)[0].rsplit("/", 1)[-1] == "warden-sidecar-bot", image
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "warden-sidecar-bot" in makefile, "make images no longer tags warden-sidecar-bot"
