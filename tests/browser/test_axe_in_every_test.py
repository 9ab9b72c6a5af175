"""The axe-core check every browser test runs on the pages it opens does fail on a violation."""

from tests.browser.axe import note_violations

PAGE = """<!doctype html><html lang="en"><head><title>Sample</title></head><body><main>
<h1>Sample</h1>{}</main></body></html>"""


def test_a_page_that_breaks_a_rule_is_noted_with_the_rule_and_the_element(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content(PAGE.format('<p style="color:#999;background:#fff">Faint words</p>'
                                 '<input id="nameless">'))
    found = []
    note_violations(page, found)
    context.close()
    text = "\n".join(found)
    assert "color-contrast (serious)" in text and "label (critical)" in text
    assert "#nameless" in text


def test_a_page_that_breaks_none_is_not_noted(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content(PAGE.format('<label>Name <input id="named"></label>'))
    found = []
    note_violations(page, found)
    context.close()
    assert found == []


def test_a_closed_page_is_not_checked(browser):
    context = browser.new_context()
    page = context.new_page()
    context.close()
    found = []
    note_violations(page, found)
    assert found == []
