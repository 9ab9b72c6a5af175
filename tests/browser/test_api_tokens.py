import re

from playwright.sync_api import expect

from programmes.access.tokens import token_create
from programmes.models import ApiToken
from tests.browser.axe import violations
from tests.browser.crawl import too_wide
from tests.browser.dialogs import answering


def test_a_scrum_master_creates_and_revokes_a_token(cast, open_page):
    page = open_page(cast.scrum_master)
    page.goto("/accounts/settings/")
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("Chat bot")
    page.get_by_role("button", name="Create token").click()
    expect(page.locator("#new-token")).to_have_text(re.compile(r"^msk_"))
    expect(page.locator("#tokens")).to_contain_text("Chat bot")

    asked = answering(page)
    page.get_by_role("button", name="Revoke Chat bot").click()
    assert asked == ["Revoke the token “Chat bot”? Anything that uses it stops working at once."]
    expect(page.get_by_text("revoked; it no longer works")).to_be_visible()
    assert not ApiToken.objects.get(name="Chat bot").is_active



# Where the API reference is checked by axe-core: at a desk and on a phone, in both schemes.
VIEWPORTS = [{"width": 1280, "height": 800}, {"width": 390, "height": 844}]


def open_reference(page) -> None:
    """The reference, once Swagger UI has read the document and listed the operations."""
    page.goto("/api/v1/docs")
    # 1.7 MB of script to read first, on a busy test machine.
    expect(page.get_by_text("/api/v1/programmes/{slug}/teams", exact=True)).to_be_visible(
        timeout=20_000)


def axe_everywhere(page, state: str) -> list[str]:
    found = []
    for viewport in VIEWPORTS:
        page.set_viewport_size(viewport)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            # Swagger UI's dark styles follow html.dark-mode, which the page's script sets on
            # the media query's change event: check once it has followed.
            page.wait_for_function("dark => document.documentElement.classList"
                                   ".contains('dark-mode') === dark", arg=scheme == "dark")
            found += [f"{state}, {viewport['width']} px, {scheme}: {v}"
                      for v in violations(page)]
    page.emulate_media(color_scheme="light")
    return found


def test_the_api_reference_loads_from_our_own_origin(cast, open_page):
    page = open_page(cast.member)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    open_reference(page)
    expect(page.get_by_role("heading", name=re.compile("metascrum API"))).to_be_visible()
    assert all(url.startswith(page.url.split("/api/")[0]) for url in requests)


def test_the_api_reference_passes_axe_and_fits_a_phone_closed_and_open(cast, open_page):
    page = open_page(cast.member, axe=False)
    open_reference(page)
    found = axe_everywhere(page, "closed")
    page.set_viewport_size({"width": 320, "height": 640})
    assert too_wide(page) is None

    operation = page.locator("#operations-feedback-feedback_raise")
    operation.get_by_role("button").first.focus()
    page.keyboard.press("Enter")
    operation.get_by_role("button", name="Try it out").press("Enter")
    operation.get_by_role("button", name="Execute").press("Enter")  # the slug left empty
    expect(operation.get_by_text("Required field is not provided")).to_be_visible()
    page.get_by_role("button", name="Expand all").first.press("Enter")  # a schema, all open
    found += axe_everywhere(page, "an operation, its errors and a schema open")
    page.set_viewport_size({"width": 320, "height": 640})
    assert too_wide(page) is None
    assert found == [], "\n".join(found)


def test_the_reference_takes_the_colour_scheme_the_person_chose(cast, open_page):
    cast.member.colour_scheme = "dark"
    cast.member.save(update_fields=["colour_scheme"])
    page = open_page(cast.member)
    page.emulate_media(color_scheme="light")
    open_reference(page)
    expect(page.locator("html")).to_have_class(re.compile(r"\bdark-mode\b"))


def test_a_member_tries_an_operation_with_their_token(cast, open_page):
    _, raw = token_create(person=cast.member, name="Docs")
    page = open_page(cast.member, axe=False)
    open_reference(page)
    page.get_by_role("button", name="Authorize").click()
    found = axe_everywhere(page, "the Authorize dialog")
    page.get_by_label("Value").fill(raw)
    page.get_by_label("Value").press("Enter")
    page.locator(".dialog-ux").get_by_role("button", name="Close", exact=True).last.click()

    page.locator("#operations-programmes-me").get_by_role("button").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    response = page.locator(".responses-wrapper .live-responses-table")
    expect(response).to_contain_text(cast.member.email)
    found += axe_everywhere(page, "an answer")
    assert found == [], "\n".join(found)
