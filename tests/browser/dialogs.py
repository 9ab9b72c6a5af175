"""The browser's confirm dialogs, answered as a person would."""


def answering(page, *, yes: bool = True) -> list[str]:
    """From now on every confirm dialog on `page` is accepted (or, `yes=False`, dismissed);
    the returned list receives each question asked, in order."""
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept() if yes else dialog.dismiss()

    page.on("dialog", answer)
    return asked
