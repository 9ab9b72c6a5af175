"""Names compared as people type them: without case or accents ("jose" finds "José Álvarez").

`Folded(expression)` folds text inside the database, so a search filters and ranks there. On
PostgreSQL it is `lower(unaccent(…))` (the `unaccent` extension, created by a migration of
programmes); SQLite has no such function, so `register_on_sqlite` gives each new SQLite
connection `fold` under the name METASCRUM_FOLD (connected in programmes' AppConfig).
"""

from __future__ import annotations

import unicodedata

from django.db.models import CharField, Func

# Letters that are not a base letter plus a combining accent, so NFKD leaves them whole;
# PostgreSQL's unaccent rules map them like this.
_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae",
                          "œ": "oe", "ß": "ss", "ı": "i", "ħ": "h", "ŧ": "t"})


def fold(text: str | None) -> str | None:
    """`text` in lower case, accents removed: the Python twin of `Folded`."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.translate(_LETTERS)


class Folded(Func):
    """`expression` in lower case without accents, computed by the database."""

    template = "LOWER(UNACCENT(%(expressions)s))"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="METASCRUM_FOLD(%(expressions)s)",
                              **extra_context)


def register_on_sqlite(sender, connection, **kwargs) -> None:
    """A `connection_created` receiver: SQLite learns METASCRUM_FOLD (PostgreSQL has
    unaccent)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("METASCRUM_FOLD", 1, fold, deterministic=True)
