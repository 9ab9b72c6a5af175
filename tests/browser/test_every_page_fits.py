"""Every page of every role fits a phone (WCAG 1.4.10, reflow) and passes axe-core: starting
from the home page, a crawler follows each link a person can see and finds no page wider than a
320 or 390 px screen, no link that leads to an error, and no violation of WCAG 2.2 A/AA at a
desk or on a phone, in the light or the dark scheme. Only a table of figures scrolls, in its own
box."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.timezone import now
from playwright.sync_api import expect

from ceremonies.meetings.state import meeting_start
from ceremonies.models import Meeting
from feedback.services import impediment_raise
from programmes.access.tokens import token_create
from programmes.models import ChatWebhook, Person, Team, WebhookSubscription
from tests.browser.axe import summary, violations
from tests.browser.crawl import crawl, too_wide
from tests.programmes.trackers import connect

PHONES = [{"width": 320, "height": 640}, {"width": 390, "height": 844}]
# Where axe-core checks each page (the first of each URL name), in both colour schemes.
AXE_VIEWPORTS = [{"width": 1280, "height": 800}, {"width": 390, "height": 844}]
SCHEMES = ["light", "dark"]

# Who, where they start, and how many different pages (URL names) they must at least reach:
# a crawler that finds nothing fails. The crawl reached 58, 58, 35, 34, 31 and 3.
ROLES = {
    "parent programme MSM": ("msm@example.com", "/", 55),
    "Meta Scrum Master": ("priya@example.com", "/", 55),
    "Scrum Master": ("sam@example.com", "/", 33),
    "team member": ("ana@example.com", "/", 32),
    "stakeholder": ("tom@example.com", "/", 29),
    "visitor, signed out": (None, "/accounts/login/", 3),
}

# A word no line can break: pasted links and build names are what people write.
LONG_WORD = "https://ci.example.com/payments/ledger/builds/20270203-0915-nightly-regression-suite"


@pytest.fixture
def demo(db):
    """The demo programme, with what it leaves empty: integrations, a token, a long word, a
    meeting in progress."""
    call_command("load_demo", stdout=StringIO())
    ledger = Team.objects.get(slug="ledger")
    sam, priya = Person.objects.get(email="sam@example.com"), Person.objects.get(
        email="priya@example.com")
    impediment_raise(programme=ledger.programme, team=ledger, title=f"Red build: {LONG_WORD}",
                     details=LONG_WORD, raised_by=sam)
    ChatWebhook.objects.create(programme=ledger.programme, name="#payments-train",
                               url=f"{LONG_WORD}/hooks/T000/B000/XXXX")
    WebhookSubscription.objects.create(
        programme=ledger.programme, name="Jira sync", url=f"{LONG_WORD}/events",
        secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", created_by=priya,
        events=["impediment.raised", "feedback.closed", "decision.routed"])
    tracker = connect(ledger.programme, "github", "https://api.github.com", team=ledger,
                      source="payments-platform/ledger-reconciliation-and-settlement")
    type(tracker).objects.filter(pk=tracker.pk).update(
        last_error=f"The tracker answered HTTP 500 ({LONG_WORD})", last_error_at=now())
    for person in (priya, Person.objects.get(email="ana@example.com")):
        token_create(person=person, name="Laptop script for the nightly report")
    meeting_start(meeting=ledger.programme.meetings.filter(state="scheduled")
                  .order_by("scheduled_start").first(), by=priya)


def axe_everywhere(page, url: str) -> list[str]:
    """axe-core's findings on the page at each of AXE_VIEWPORTS, in each colour scheme."""
    found = []
    for viewport in AXE_VIEWPORTS:
        page.set_viewport_size(viewport)
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            found += [f"{viewport['width']} px, {scheme}: {url}: {v}" for v in violations(page)]
    page.emulate_media(color_scheme="light")
    return found


@pytest.mark.clock("2027-02-03T10:00:00+00:00")  # a Wednesday in a sprint, meetings due
@pytest.mark.parametrize("role", ROLES)
def test_no_page_scrolls_sideways_or_fails_axe(role, demo, open_page):
    email, start, at_least = ROLES[role]
    page = open_page(Person.objects.get(email=email) if email else None, axe=False)
    page.set_viewport_size(PHONES[0])
    offenders, broken, names, inaccessible = [], [], set(), []
    for visit in crawl(page, start):
        if visit.name not in names:
            inaccessible += axe_everywhere(page, visit.url)
        names.add(visit.name)
        if visit.status >= 400:
            broken.append(f"{visit.url} answered {visit.status}")
        for phone in PHONES:
            page.set_viewport_size(phone)
            if reason := too_wide(page):
                offenders.append(f"{phone['width']} px: {visit.url} is {reason}")
        page.set_viewport_size(PHONES[0])
    print(f"\naxe over {len(names)} pages of {role}: {summary(inaccessible)}")
    assert inaccessible == [], "\n".join(inaccessible)
    assert offenders == [], "\n".join(offenders)
    assert broken == [], "a link leads to an error page"
    assert len(names) >= at_least, f"reached only {sorted(names)}"
    assert email is None or "ceremonies:room" in names, "no meeting room was checked"


# The pages where a person acts on a row, and an action each must find there.
ACTION_PAGES = [
    ("priya@example.com", "/inbox/", "Acknowledge"),
    ("sam@example.com", "/p/payments-train/resources/", "Cancel"),
    ("sam@example.com", "/p/payments-train/resources/", "Request"),
    ("priya@example.com", "/p/payments-train/resources/conflicts/", "Confirm"),
    ("priya@example.com", "/p/payments-train/meetings/", "Move or cancel"),
    ("priya@example.com", "/p/payments-train/steering/pack/", "Printable view"),
]

# What a person presses: buttons, and the links in a row of a table or list of things.
ACTIONS = "main button, main .button, main td a, main th a, main li a"


@pytest.mark.clock("2027-02-03T10:00:00+00:00")
def test_actions_stay_on_a_320_px_screen(demo, open_page):
    room = Meeting.objects.get(state="running").get_absolute_url()
    visits = [*ACTION_PAGES, ("priya@example.com", room, "End")]
    pages = {email: open_page(Person.objects.get(email=email)) for email, _, _ in visits}
    off_screen, missing = [], []
    for email, path, action in visits:
        page = pages[email]
        page.set_viewport_size(PHONES[0])
        page.goto(path)
        names = []
        for control in page.locator(ACTIONS).all():
            if not control.is_visible():
                continue
            box, name = control.bounding_box(), control.inner_text().strip()
            names.append(name)
            if box["x"] < 0 or box["x"] + box["width"] > PHONES[0]["width"] + 0.5:
                off_screen.append(f"{path}: {name!r} spans {box['x']:.0f}-"
                                  f"{box['x'] + box['width']:.0f} px")
        if not any(name.startswith(action) for name in names):
            missing.append(f"{path}: no {action!r} among {names}")
    assert off_screen == [], "\n".join(off_screen)
    assert missing == [], "\n".join(missing)


def test_a_table_of_figures_scrolls_in_its_own_box_by_keyboard(cast, open_page):
    page = open_page(cast.msm)
    page.set_viewport_size(PHONES[0])
    page.goto(f"/p/{cast.programme.slug}/feedback/metrics/")
    box = page.get_by_role("region", name="Loop metrics by level")
    for _ in range(60):
        page.keyboard.press("Tab")
        if box.evaluate("el => el === document.activeElement"):
            break
    expect(box).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("box => box.scrollLeft > 0", arg=box.element_handle())  # it glides
    assert page.evaluate("[window.scrollX, document.documentElement.scrollWidth]") == [0, 320]
