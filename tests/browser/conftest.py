"""Fixtures of the dashboard's browser tests: a seeded store, the built `warden serve`, headless Debian Chromium.

Run through `make browser-test`, which starts pytest inside `unshare -n` with only loopback up, so neither the
page nor the server can reach anything but each other.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / ".build" / "artifacts" / "dashboard"
TOKEN = "dashboard-token-0123456789"
WEBHOOK_SECRET = "webhook-secret-0123456789"
SCRIPT = "<script>alert(1)</script>"
MODEL = "gpt-5.1-codex"
SEAT_HOLD_REASON = "the Codex usage limit is reached (usage_limit_reached); new runs wait for its reset"


def warden_binary() -> str:
    return os.environ.get("WARDEN_BINARY", str(ROOT / ".build" / "debug" / "warden"))


class Warden:
    """The built binary with one data directory: `queue` commands and a running `serve`."""

    def __init__(self, data_dir: str):
        self.data_dir = data_dir
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": data_dir,
            "WARDEN_DATA_DIR": data_dir,
            "WARDEN_LISTEN": "127.0.0.1:0",
            "WARDEN_LOG_FORMAT": "text",
            "WARDEN_LOG_LEVEL": "warning",
            "WARDEN_GITLAB_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "WARDEN_DASHBOARD_TOKEN": TOKEN,
            "WARDEN_CODEX_HOME": os.path.join(data_dir, "codex-home"),
            "WARDEN_COSTS_MODELS": f"{MODEL}=1.25/0.125/10",
            "WARDEN_COSTS_MONTHLY_BUDGET_USD_GATEWAY": "0.1",
        }
        # The pinned codex of scripts/install-codex (make browser-test passes it), for the version on the page.
        if os.environ.get("WARDEN_CODEX_BIN"):
            self.env["WARDEN_CODEX_BIN"] = os.environ["WARDEN_CODEX_BIN"]
        self.process = None
        self.port = None

    def run(self, *arguments: str) -> str:
        done = subprocess.run([warden_binary(), *arguments], env=self.env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, f"warden {' '.join(arguments)}: {done.stderr}"
        return done.stdout

    def jobs(self) -> dict:
        return {job["id"]: job for job in json.loads(self.run("queue", "list", "--json"))}

    def start(self) -> None:
        self.process = subprocess.Popen(
            [warden_binary(), "serve"], env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for line in self.process.stdout:
            if line.startswith("warden serve listening on port "):
                self.port = int(line.split()[-1])
                return
        raise AssertionError(f"warden serve exited: {self.process.stderr.read()}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def seed(warden: Warden) -> None:
    """Jobs in every state (one dead job whose last error holds a script tag, GitHub jobs with a plain and a hostile
    repository), two weeks of reviews and of the run ledger (reviews, gateway turns), a usage-limit hold of the seat, and
    a rollout file in codex's home whose usage windows `warden serve` reads at start."""
    warden.run("queue", "list")  # creates and migrates the store
    now = time.time()
    rows = [
        ("review-101-1-aaa", "pending", 0, None),
        ("review-102-2-bbb", "running", 1, None),
        ("review-103-3-ccc", "done", 1, None),
        ("review-104-4-ddd", "failed", 2, "GitLab answered 502"),
        ("review-105-5-eee", "dead", 5, f"codex said {SCRIPT}"),
        ("review-106-6-fff", "superseded", 0, None),
    ]
    with sqlite3.connect(os.path.join(warden.data_dir, "warden.sqlite")) as db:
        for index, (job_id, state, attempts, error) in enumerate(rows):
            project, iid, sha = job_id.split("-")[1:]
            created = now - 600 * (len(rows) - index)
            db.execute(
                "INSERT INTO jobs (id, kind, state, attempts, last_error, created_at, updated_at, run_after, project_id,"
                " merge_request_iid, head_sha, lease_owner, lease_expires_at) VALUES (?, 'review', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (job_id, state, attempts, error, created, created, now + 3600 if state == "failed" else None, int(project), int(iid), sha,
                 "worker-1" if state == "running" else None, now + 3600 if state == "running" else None),
            )
        for job_id, repository, number in [("gh-review-7", "acme/app", 7), ("gh-review-8", f"acme/{SCRIPT}", 8)]:
            db.execute(
                "INSERT INTO jobs (id, kind, state, attempts, created_at, updated_at, project_id, merge_request_iid, head_sha, forge,"
                " repository) VALUES (?, 'review', 'done', 1, ?, ?, ?, ?, 'abc123', 'github', ?)",
                (job_id, now - 7200 - number, now - 7200, 500 + number, number, repository),
            )
        for day in range(14):
            for run in range(day % 4):
                finished = now - day * 86400 - run * 60
                thread = f"thread-{day}-{run}"
                db.execute(
                    "INSERT INTO reviews (project_id, merge_request_iid, head_sha, state, codex_thread_id, input_tokens, cached_input_tokens,"
                    " output_tokens, reasoning_tokens, created_at, updated_at) VALUES (101, ?, ?, 'posted', ?, ?, 0, ?, 0, ?, ?)",
                    (day, f"{day:02d}{run}abcdef0123", thread, 1000 * (run + 1), 200, finished, finished),
                )
                db.execute(
                    "INSERT INTO codex_runs (system, project_id, reference, codex_thread_id, model, input_tokens, cached_input_tokens,"
                    " output_tokens, reasoning_tokens, duration_seconds, outcome, finished_at) VALUES ('review', 101, ?, ?, ?, ?, 0, 200, 0, ?, 'completed', ?)",
                    (f"!{day}", thread, MODEL, 1000 * (run + 1), 40.0 + 15 * run, finished),
                )
            db.execute(
                "INSERT INTO codex_runs (system, model, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, duration_seconds,"
                " outcome, finished_at) VALUES ('gateway', ?, 30000, 20000, 900, 300, 4.5, ?, ?)",
                (MODEL, "timeout" if day == 3 else "completed", now - day * 86400 - 60),
            )
        db.execute(
            "INSERT INTO seat_holds (pool, held_until, reason, streak) VALUES ('codex', ?, ?, 1)", (now + 3 * 3600, SEAT_HOLD_REASON)
        )
    sessions = Path(warden.env["WARDEN_CODEX_HOME"], "sessions", *time.strftime("%Y/%m/%d", time.gmtime(now)).split("/"))
    sessions.mkdir(parents=True)
    limits = {
        "primary": {"used_percent": 100.0, "window_minutes": 300, "resets_at": int(now + 3 * 3600)},
        "secondary": {"used_percent": 38.0, "window_minutes": 10080, "resets_at": int(now + 4 * 86400)},
        "plan_type": "plus",
    }
    event = {"type": "event_msg", "payload": {"type": "token_count", "info": None, "rate_limits": limits}}
    (sessions / "rollout-2026-12-07T08-00-00-0199aaaa-0000-7000-8000-000000000001.jsonl").write_text(json.dumps(event, separators=(",", ":")) + "\n")


@pytest.fixture
def warden():
    data_dir = tempfile.mkdtemp(prefix="warden-dashboard-")
    instance = Warden(data_dir)
    seed(instance)
    instance.start()
    yield instance
    instance.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
