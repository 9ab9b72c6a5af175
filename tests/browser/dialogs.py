"""The browser's confirm dialogs, answered as a person would."""


def answering(page, *, yes: bool = True, once: bool = False) -> list[str]:
    """Every confirm dialog on `page` from now on (only the next, with `once`) is accepted or,
    `yes=False`, dismissed; the returned list receives each question asked, in order."""
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept() if yes else dialog.dismiss()

    (page.once if once else page.on)("dialog", answer)
    return asked
