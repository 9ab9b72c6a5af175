import re

from playwright.sync_api import expect

from programmes.models import ApiToken
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


def test_the_interactive_api_docs_load_without_a_cdn(cast, open_page):
    # Not checked by axe: Swagger UI, as django-ninja serves it, has low-contrast method badges,
    # an unnamed <select> and nested buttons of its own (#22 leaves them open).
    page = open_page(cast.member, axe=False)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/api/v1/docs")
    expect(page.get_by_text("metascrum API")).to_be_visible()
    expect(page.get_by_text("/api/v1/programmes/{slug}/teams", exact=True)).to_be_visible()
    assert all(url.startswith(page.url.split("/api/")[0]) for url in requests)
