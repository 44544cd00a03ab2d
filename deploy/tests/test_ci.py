"""deploy/ci: the example nightly `warden remediate` jobs for GitHub Actions and GitLab CI are valid YAML with a
five-field schedule, run `warden remediate` with flags it has, and set only variables Warden knows (the README's
settings tables are generated from the settings registry)."""

import re
import shlex

import yaml

from conftest import REPO

CI = REPO / "deploy" / "ci"
FLAGS = {"--repo", "--source", "--template", "--dry-run", "--json", "--config"}
CRON_FIELD = re.compile(r"^(\*|\d+(-\d+)?)(/\d+)?(,(\*|\d+(-\d+)?)(/\d+)?)*$")


def remediate_commands(text: str) -> list[list[str]]:
    """Every `warden remediate …` command line of a file, split into words."""
    return [shlex.split(line[line.index("warden remediate"):].split(">")[0])
            for line in text.splitlines() if "warden remediate --" in line and not line.lstrip().startswith("#")]


def check_commands(text: str) -> None:
    commands = remediate_commands(text)
    assert commands, "no warden remediate command"
    for words in commands:
        flags = {word for word in words if word.startswith("--")}
        assert flags <= FLAGS, flags - FLAGS
        assert {"--repo", "--source"} <= flags


def check_variables(text: str) -> None:
    readme = (REPO / "README.md").read_text()
    names = set(re.findall(r"\bWARDEN_[A-Z0-9_]+", text))
    assert names
    unknown = {name for name in names if f"`{name}`" not in readme}
    assert not unknown, unknown


def test_github_actions_runs_nightly():
    text = (CI / "github-actions.yml").read_text()
    workflow = yaml.safe_load(text)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    crons = [entry["cron"] for entry in triggers["schedule"]]
    assert crons and all(len(cron.split()) == 5 and all(CRON_FIELD.match(field) for field in cron.split()) for cron in crons)
    steps = workflow["jobs"]["remediate"]["steps"]
    assert any("warden remediate" in step.get("run", "") for step in steps)
    assert workflow["concurrency"]["cancel-in-progress"] is False
    check_commands(text)
    check_variables(text)


def test_gitlab_ci_runs_on_a_pipeline_schedule():
    text = (CI / "gitlab-ci.yml").read_text()
    pipeline = yaml.safe_load(text)
    job = pipeline["nightly-remediation"]
    assert job["stage"] in pipeline["stages"]
    assert any('$CI_PIPELINE_SOURCE == "schedule"' in rule["if"] for rule in job["rules"])
    assert any("warden remediate" in line for line in job["script"])
    check_commands(text)
    check_variables(text)
