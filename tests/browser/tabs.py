"""The programme's tabs as a person uses them: the first ones in the row, the rest behind More."""


def open_tab(page, name: str) -> None:
    """Follow the programme's tab `name`, opening the More menu first when it is in there."""
    nav = page.locator("nav.tabs")
    link = nav.get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        nav.locator("summary", has_text="More").click()
    link.click()
