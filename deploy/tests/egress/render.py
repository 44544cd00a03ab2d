"""Renders the warden chart offline with helm-python-sdk (no helm binary) and picks manifests out of it.

Shared by test_chart.py and test_egress.py (and usable by any test that needs the rendered pod).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import helm_python
import yaml

CHART_DIR = Path(__file__).resolve().parents[2] / "helm" / "warden"
RELEASE = "warden"
NAMESPACE = "review"

# The two values without a usable default; everything else comes from values.yaml.
REQUIRED = {
    "gitlab": {"url": "https://gitlab.example.com"},
    "egressProxy": {"service": {"clusterIP": "10.96.100.10"}},
}


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Deep-merges `extra` into a copy of `base` (maps merge, everything else is replaced)."""
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def render_files(values: dict[str, Any] | None = None, *, with_required: bool = True,
                 name: str = RELEASE, namespace: str = NAMESPACE) -> dict[str, str]:
    """Template path → rendered text, as `helm template` would produce them."""
    merged = merge(REQUIRED, values or {}) if with_required else (values or {})
    with helm_python.Chart.load(CHART_DIR) as chart:
        return chart.render(merged, name=name, namespace=namespace)


def render(values: dict[str, Any] | None = None, **kwargs: Any) -> list[dict[str, Any]]:
    """Every Kubernetes object the chart renders for `values` (plus the required ones)."""
    docs: list[dict[str, Any]] = []
    for path, text in sorted(render_files(values, **kwargs).items()):
        if not path.endswith((".yaml", ".yml")):
            continue
        for doc in yaml.safe_load_all(text):
            if doc:
                docs.append(doc)
    return docs


def find(docs: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    """The one object of `kind` named `name`."""
    hits = [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(hits) == 1, f"expected one {kind} {name}, found {len(hits)}"
    return hits[0]


def container(deployment: dict[str, Any], name: str) -> dict[str, Any]:
    """The container `name` of a Deployment's pod template."""
    hits = [c for c in deployment["spec"]["template"]["spec"]["containers"] if c["name"] == name]
    assert len(hits) == 1, f"expected one container {name}"
    return hits[0]


def env_of(c: dict[str, Any]) -> dict[str, str]:
    """A container's plain env entries as a dict (valueFrom entries map to None)."""
    return {e["name"]: e.get("value") for e in c.get("env", [])}
