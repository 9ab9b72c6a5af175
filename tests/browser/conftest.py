"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright on the live server."""

import os
import shutil

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from tests.browser.axe import note_violations

# Playwright's sync API runs an event loop in this thread; the ORM calls our tests make
# around it are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}; `make test` installs it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _session_cookie(person) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session.save()
    return session.session_key


@pytest.fixture
def open_page(browser, live_server):
    """open_page(person=None) -> a Page in a fresh browser context, signed in as `person`.

    axe-core checks every page of ours it loads, and each page as the test leaves it: the test
    fails on any violation of WCAG 2.2 A/AA (`axe=False` for a test that runs axe itself)."""
    contexts, checked, inaccessible = [], [], []

    def opener(person=None, *, axe=True):
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280,
                                                                        "height": 900})
        context.set_default_timeout(10_000)
        if person is not None:
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                                  "value": _session_cookie(person), "url": live_server.url}])
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        page.on("console", lambda msg: _note_csp_violation(msg, violations))
        if axe:
            checked.append(page)
            page.on("load", lambda loaded: note_violations(loaded, inaccessible,
                                                           origin=live_server.url))
        return page

    violations = []
    yield opener
    for page in checked:
        note_violations(page, inaccessible, from_the_top=True, origin=live_server.url)
    for context in contexts:
        context.close()
    assert violations == [], "the page broke its Content Security Policy"
    assert inaccessible == [], "\n".join(dict.fromkeys(inaccessible))


def _note_csp_violation(message, violations):
    if message.type == "error" and "Content Security Policy" in message.text:
        violations.append(message.text)
