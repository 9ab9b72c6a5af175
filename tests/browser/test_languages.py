"""A Scrum Master who reads German (then Spanish) posts the team's update and reads the today
page: no English left on either page, dates in that language.

What counts as English left over: a text node the page shows identically to the same person
reading English, on the same data, that is not itself data (team, programme and people's
names, what the update says, numbers). These pass once every part's translations of #22 are
merged; on a part's own branch they list the strings of the other parts still in English.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.ceremonies.updates import upcoming_meeting
from tests.i18n import po

LOCALE = Path(__file__).resolve().parents[2] / "locale"

DONE, NEXT = "Ledger export shipped", "Card API v2"
VISIBLE_TEXT = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    const text = node.textContent.trim();
    if (!text || parent.closest("script, style, template, [hidden]")) continue;
    if (!parent.checkVisibility()) continue;
    texts.push(text);
  }
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder]")) {
    for (const name of ["aria-label", "title", "placeholder"]) {
      if (el.getAttribute(name)) texts.push(el.getAttribute(name).trim());
    }
  }
  return texts;
}"""
MONTHS = {"de": "Dezember", "es": "diciembre"}


def _data(cast) -> set[str]:
    people = [cast.msm, cast.scrum_master, cast.other_scrum_master, cast.member]
    return {str(thing) for thing in (cast.programme, cast.parent, cast.team, cast.other_team,
                                     *people)} | {DONE, NEXT, "metascrum", "meta", "scrum"}


def _post_update(page, cast):
    """By the form's fields, not its labels: the labels are what this test checks."""
    page.goto(f"/p/{cast.programme.slug}/today/")
    page.locator(f"a[href$='/teams/{cast.team.pk}/update/']").first.click()
    page.locator("input[name=health][value=green]").focus()
    page.keyboard.press("Space")
    page.locator("textarea[name=done]").fill(DONE)
    page.locator("textarea[name=next]").fill(NEXT)
    page.locator("form.update-form button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()


def _texts(page, url: str) -> list[str]:
    page.goto(url)
    return page.evaluate(VISIBLE_TEXT)


def _same_in(language: str) -> set[str]:
    """The words the catalogue keeps as they are ("Sprints", "Scrum of Scrums")."""
    return {entry.msgid for entry in po.entries(LOCALE / language / "LC_MESSAGES" / "django.po")
            if entry.translated and entry.msgstr.get(0) == entry.msgid}


def _left_in_english(translated: list[str], english: list[str], data: set[str]) -> list[str]:
    same = set(translated) & set(english)
    return sorted(text for text in same
                  if text not in data and re.search(r"[^\W\d_]{2,}", text)
                  and not any(text == f"{name}:" or text.startswith(f"{name} ·") for name in data))


@pytest.mark.clock("2026-12-07T08:00:00+00:00")  # a Monday in December: the month is named
@pytest.mark.parametrize("language", ["de", "es"])
def test_a_scrum_master_posts_and_reads_today_in_their_language(cast, open_page, language):
    upcoming_meeting(cast.programme)
    cast.scrum_master.language = language
    cast.scrum_master.save()
    page = open_page(cast.scrum_master)

    _post_update(page, cast)
    expect(page.locator("html")).to_have_attribute("lang", language)
    form_url = page.url
    today = f"/p/{cast.programme.slug}/today/"
    translated = {url: _texts(page, url) for url in (form_url, today)}

    cast.scrum_master.language = "en"
    cast.scrum_master.save()
    english = {url: _texts(page, url) for url in (form_url, today)}

    data = _data(cast) | _same_in(language)
    left = {url: _left_in_english(translated[url], english[url], data) for url in translated}
    assert left == {form_url: [], today: []}, f"still in English in {language}: {left}"
    assert any(MONTHS[language] in text for text in translated[today])


def test_a_visitor_switches_to_german_by_keyboard_on_a_phone(db, open_page):
    page = open_page()
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/accounts/login/")
    switch = page.locator("form.language-switch button[lang=de]")
    switch.focus()
    page.keyboard.press("Enter")

    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    expect(page.locator("form.language-switch button[lang=de]")).to_have_attribute(
        "aria-current", "true")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
