"""The dashboard of a running `warden serve` in headless Chromium, as an operator uses it."""

import os

from conftest import MODEL, SCRIPT, SEAT_HOLD_REASON, TOKEN


def sign_in(browser, warden, token=TOKEN, viewport=None):
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 800})
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(warden.url + "/")
    assert page.url == warden.url + "/login"
    page.fill("input[name=token]", token)
    page.click("button[type=submit]")
    return page, dialogs


def test_shows_every_state_and_markup_as_text(browser, warden, artifacts):
    page, dialogs = sign_in(browser, warden)
    assert page.url == warden.url + "/"
    for state in ["pending", "running", "done", "failed", "dead", "superseded"]:
        assert page.inner_text(f"#count-{state} b") == ("3" if state == "done" else "1")
        assert page.locator("#jobs .state", has_text=state).count() >= 1
    assert page.get_by_text(f"codex said {SCRIPT}").is_visible()
    assert dialogs == []
    assert page.locator("#jobs script").count() == 0
    assert page.locator("svg.chart rect.bar-runs").count() == 14
    assert page.locator("svg.chart rect.bar-cost").count() == 14
    assert page.locator("#reviews tbody tr").count() == 19
    assert page.locator("#jobs a[href^='javascript']").count() == 0
    page.screenshot(path=str(artifacts / "dashboard-1280x800.png"), full_page=False)
    page.screenshot(path=str(artifacts / "dashboard-1280-full.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(artifacts / "dashboard-390x844.png"), full_page=False)
    page.context.close()


def test_seat_section_windows_holds_and_facts(browser, warden):
    page, _ = sign_in(browser, warden)
    seat = page.locator("#seat")
    # The windows codex wrote into its newest rollout file, read at start: bars with their reset times.
    assert seat.locator("#window-primary meter").get_attribute("value") == "100"
    assert seat.locator("#window-secondary meter").get_attribute("value") == "38"
    assert "5h" in seat.inner_text() and "7d" in seat.inner_text()
    assert "resets " in seat.locator("#window-primary .resets").inner_text()
    # The usage-limit hold from the store and the gateway's spent budget, in the seat section and the banner.
    assert f"seat held until" in seat.inner_text()
    assert SEAT_HOLD_REASON in seat.inner_text()
    assert "gateway budget held until" in seat.inner_text()
    assert SEAT_HOLD_REASON in page.inner_text("#held")
    for fact in ["sandbox", "read-only", "store", "sqlite", "plan", "plus"]:
        assert fact in seat.inner_text()
    if os.environ.get("WARDEN_CODEX_BIN"):
        assert page.inner_text("#codex-version").startswith("codex-cli ")
    # A waiting job says why: the seat's hold.
    assert "seat held until" in page.locator("#jobs tr", has_text="review-101-1-aaa").locator("td.waiting").inner_text()
    page.context.close()


def test_merge_request_links_and_gateway_turns(browser, warden):
    page, dialogs = sign_in(browser, warden)
    link = page.locator("#jobs tr", has_text="gh-review-7").locator("a")
    assert link.inner_text() == "#7"
    assert link.get_attribute("href") == "https://github.com/acme/app/pull/7"
    hostile = page.locator("#jobs tr", has_text="gh-review-8")
    assert hostile.locator("td", has_text=SCRIPT).count() == 1
    assert hostile.locator("a").get_attribute("href") == "https://github.com/acme/%3Cscript%3Ealert%281%29%3C/script%3E/pull/8"
    assert dialogs == []
    turns = page.locator("#turns tbody tr")
    assert turns.count() == 14
    assert MODEL in turns.first.inner_text()
    assert page.locator("#turns .state-failed", has_text="timeout").count() == 1
    first_review = page.locator("#reviews tbody tr").first.inner_text()
    assert "$" in first_review and "s" in first_review
    page.context.close()


def test_pause_resume_and_retry_buttons_change_the_queue(browser, warden):
    page, _ = sign_in(browser, warden)
    assert "queue paused" not in warden.run("queue", "list")

    page.fill("input[name=reason]", "deploying GitLab")
    page.click("text=Pause queue")
    assert page.locator("#paused").is_visible()
    assert "deploying GitLab" in page.inner_text("#paused")
    assert "queue paused since" in warden.run("queue", "list")
    assert "deploying GitLab" in warden.run("queue", "list")

    page.click("text=Resume queue")
    assert page.locator("#paused").count() == 0
    assert "queue paused" not in warden.run("queue", "list")

    assert warden.jobs()["review-105-5-eee"]["state"] == "dead"
    page.locator("#jobs tr", has_text="review-105-5-eee").locator("text=Retry").click()
    assert page.url == warden.url + "/"
    job = warden.jobs()["review-105-5-eee"]
    assert job["state"] == "pending"
    assert job["attempts"] == 0
    page.context.close()


def test_wrong_token_is_refused(browser, warden):
    page, _ = sign_in(browser, warden, token="not-the-token")
    assert "The dashboard token is wrong." in page.inner_text("body")
    assert page.locator("#jobs").count() == 0
    response = page.request.get(warden.url + "/", headers={"Authorization": "Bearer not-the-token"}, max_redirects=0)
    assert response.status == 401
    page.goto(warden.url + "/")
    assert page.url == warden.url + "/login"
    page.context.close()


def test_bearer_token_and_headers(browser, warden):
    context = browser.new_context(extra_http_headers={"Authorization": f"Bearer {TOKEN}"})
    page = context.new_page()
    response = page.goto(warden.url + "/")
    assert response.status == 200
    headers = response.headers
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    # The nonce'd stylesheet applied: the page is styled although the policy refuses everything else.
    assert page.eval_on_selector("main", "el => getComputedStyle(el).display") == "grid"
    context.close()
