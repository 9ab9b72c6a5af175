"""The programme's tabs: every tab a person may use is on screen or one keypress away in the
"More" menu, at a desk and on a phone, and the current tab is always in sight."""

from playwright.sync_api import expect

DESK, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}
IN_THE_ROW = ["Overview", "Today", "Sprints", "Meetings", "Feedback", "Resources", "Steering"]
FOR_EVERYONE = ["Brown Bag", "Register"]
FOR_THE_MSM = ["People", "Notifications", "Integrations", "Settings", "Audit log"]


def tabs(page):
    return page.get_by_role("navigation", name=page.evaluate(
        "document.querySelector('nav.tabs').getAttribute('aria-label')"))


def on_screen(page, locator) -> bool:
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_the_msm_opens_every_tab_at_a_desk_by_keyboard(cast, open_page):
    page = open_page(cast.msm)
    page.set_viewport_size(DESK)
    page.goto(f"/p/{cast.programme.slug}/")
    nav = tabs(page)
    for name in IN_THE_ROW:
        assert on_screen(page, nav.get_by_role("link", name=name, exact=True)), name
    more = nav.locator("summary", has_text="More")
    more.focus()
    page.keyboard.press("Enter")
    for name in FOR_EVERYONE + FOR_THE_MSM:
        link = nav.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        assert on_screen(page, link), name
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Brown Bag")).to_be_focused()
    page.keyboard.press("Escape")
    expect(nav.get_by_role("link", name="Audit log")).to_be_hidden()
    expect(more).to_be_focused()
    page.keyboard.press("Enter")
    nav.get_by_role("link", name="Audit log").click()
    current = nav.get_by_role("link", name="Audit log")
    expect(current).to_have_attribute("aria-current", "page")
    assert on_screen(page, current)  # out of the menu, into the row


def test_a_member_finds_no_manager_tabs(cast, open_page):
    page = open_page(cast.member)
    page.goto(f"/p/{cast.programme.slug}/")
    nav = tabs(page)
    nav.locator("summary", has_text="More").click()
    for name in FOR_EVERYONE:
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    for name in FOR_THE_MSM:
        expect(nav.get_by_role("link", name=name, exact=True)).to_have_count(0)


def test_on_a_phone_every_tab_and_the_current_one_are_on_screen(cast, open_page):
    page = open_page(cast.msm)
    page.set_viewport_size(PHONE)
    page.goto(f"/p/{cast.programme.slug}/integrations/")
    nav = tabs(page)
    current = nav.locator("[aria-current=page]")
    expect(current).to_have_text("Integrations")
    assert on_screen(page, current)
    for name in IN_THE_ROW:
        assert on_screen(page, nav.get_by_role("link", name=name, exact=True)), name
    nav.locator("summary", has_text="More").click()
    for name in ["Brown Bag", "Register", "People", "Notifications", "Settings", "Audit log"]:
        assert on_screen(page, nav.get_by_role("link", name=name, exact=True)), name
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
