"""The pickers (static/js/picker.js), used as a person does: by keyboard."""

from playwright.sync_api import expect


def choose(page, label: str, typed: str, option: str) -> None:
    """In the picker labelled `label`, type `typed`, move down to `option`, press Enter."""
    box = page.get_by_role("combobox", name=label)
    box.focus()  # a name shown is selected, so typing replaces it
    page.keyboard.type(typed)
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    wanted = listbox.locator(f'[role=option][data-label="{option}"]')
    expect(wanted).to_be_visible()
    for _ in range(listbox.locator("[role=option]").count()):
        box.press("ArrowDown")
        if box.get_attribute("aria-activedescendant") == wanted.get_attribute("id"):
            break
    box.press("Enter")
    expect(listbox).to_be_hidden()
