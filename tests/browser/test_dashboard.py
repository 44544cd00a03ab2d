"""The dashboard of a running `warden serve` in headless Chromium, as an operator uses it."""

from conftest import SCRIPT, TOKEN


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
        assert page.inner_text(f"#count-{state} b") == "1"
        assert page.locator("#jobs .state", has_text=state).count() >= 1
    assert page.get_by_text(f"codex said {SCRIPT}").is_visible()
    assert dialogs == []
    assert page.locator("#jobs script").count() == 0
    assert page.locator("svg.chart rect.bar-runs").count() == 14
    assert page.locator("#reviews tbody tr").count() == 19
    page.screenshot(path=str(artifacts / "dashboard-1280x800.png"), full_page=False)
    page.screenshot(path=str(artifacts / "dashboard-1280-full.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(artifacts / "dashboard-390x844.png"), full_page=False)
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
