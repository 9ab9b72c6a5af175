"""Pages follow the device's light or dark scheme until the person chooses one in their
settings; axe-core finds nothing in either (it runs on every page a browser test opens)."""

from playwright.sync_api import expect

LIGHT, DARK = "rgb(246, 247, 249)", "rgb(18, 22, 29)"


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.documentElement).backgroundColor")


def choose_scheme_by_keyboard(page, name: str):
    page.goto("/accounts/settings/")
    page.get_by_label("Colour scheme").focus()
    page.get_by_label("Colour scheme").select_option(label=name)
    page.get_by_role("button", name="Save").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Your settings are saved.")


def test_pages_follow_a_dark_device_until_the_person_chooses_light(cast, open_page):
    page = open_page(cast.scrum_master)
    page.emulate_media(color_scheme="dark")
    page.goto(f"/p/{cast.programme.slug}/today/")
    assert background(page) == DARK
    choose_scheme_by_keyboard(page, "Light")
    assert background(page) == LIGHT
    page.goto(f"/p/{cast.programme.slug}/today/")
    assert background(page) == LIGHT


def test_a_person_who_chooses_dark_has_it_on_a_light_device_from_the_first_paint(cast,
                                                                                open_page):
    page = open_page(cast.msm)
    page.emulate_media(color_scheme="light")
    choose_scheme_by_keyboard(page, "Dark")
    response = page.goto(f"/p/{cast.programme.slug}/steering/")
    assert '<html lang="en" data-theme="dark">' in response.text()  # no script to wait for
    assert background(page) == DARK
    choose_scheme_by_keyboard(page, "As my device is set")
    assert background(page) == LIGHT
