"""A live server in a thread and Debian's Chromium driven by Playwright (no browser download).

Where Chromium is not installed the browser tests are skipped, and the skip says why.
A failing browser test leaves a screenshot in tests/browser/screenshots/.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.browser import axe
from tests.browser.axe import axe_source

CHROMIUM = os.environ.get("LMS_CHROMIUM", "/usr/bin/chromium")
#: As root Chromium needs --no-sandbox; on a closed network its background fetches must be off.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"
#: What Chromium's console says when the Content-Security-Policy blocks something.
CSP = "Content Security Policy"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Mark every test in this folder ``browser``, so ``-m "not browser"`` leaves them out."""
    for item in items:
        if Path(__file__).parent in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, for the screenshot-on-failure fixture."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def live_server(app):
    """The app served on a free port of 127.0.0.1 for the whole session."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    if not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM}: run `make test` as root, or apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(request, browser, live_server):
    """A fresh browser page (own cookies) with the live server as base URL."""
    context = browser.new_context(base_url=live_server, locale="zh-CN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations: list[str] = []  # every browser test runs under the Content-Security-Policy (lms.headers)
    page.on("console", lambda message: violations.append(message.text) if CSP in message.text else None)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        name = request.node.nodeid.replace("/", "_").replace("::", "-").replace("[", "-").rstrip("]")
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    elif report is not None and axe_source() is not None and page.url.startswith(live_server):
        violations += axe.violations(page, axe_source())  # the page each test ends on, as the test left it
    context.close()
    assert not violations, violations
