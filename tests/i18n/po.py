"""Just enough of the gettext .po format to check a catalogue: its entries, their flags."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        return self.context, self.msgid

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values()) and "fuzzy" not in self.flags

    def __str__(self) -> str:
        where = self.references[0] if self.references else "?"
        context = f" ({self.context})" if self.context else ""
        return f"{where}: {self.msgid!r}{context}"


def _entry(block: str) -> Entry | None:
    entry, current = Entry(), None
    for line in block.splitlines():
        if line.startswith("#~"):
            return None  # obsolete
        if line.startswith("#:"):
            entry.references += line[2:].split()
        elif line.startswith("#,"):
            entry.flags += [flag.strip() for flag in line[2:].split(",")]
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgctxt ", "msgid_plural ", "msgid ", "msgstr")):
            keyword, _, text = line.partition(" ")
            current = keyword
            _store(entry, keyword, ast.literal_eval(text))
        elif line.startswith('"') and current:
            _store(entry, current, ast.literal_eval(line), append=True)
    return entry


def _store(entry: Entry, keyword: str, text: str, append: bool = False) -> None:
    if keyword == "msgctxt":
        entry.context = (entry.context or "") + text if append else text
    elif keyword == "msgid":
        entry.msgid = entry.msgid + text if append else text
    elif keyword == "msgid_plural":
        entry.plural = (entry.plural or "") + text if append else text
    else:
        index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
        entry.msgstr[index] = entry.msgstr.get(index, "") + text if append else text


def entries(path: Path) -> list[Entry]:
    """The catalogue's entries, the header left out."""
    found = (_entry(block) for block in path.read_text().split("\n\n"))
    return [e for e in found if e is not None and e.msgid]
