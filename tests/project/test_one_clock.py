"""The app reads the time from one clock, Django's `timezone.now()` (which TEST_NOW moves).

The database computes no time of its own: no `Now()`, no `DEFAULT now()`, no
`CURRENT_TIMESTAMP` in a query or a migration. A time the database made up would not move with
the test clock, and would disagree with the app's whenever the two machines' clocks differ.
"""

import io
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["metascrum", "programmes", "feedback", "ceremonies"]

# SQL's own clock, inside a string literal (raw SQL, RunSQL).
SQL_TIME = re.compile(r"\bnow\(\)|current_timestamp|current_date|localtimestamp|"
                      r"statement_timestamp|clock_timestamp|transaction_timestamp", re.IGNORECASE)
# Django's Now() and database defaults, as names in the code.
DATABASE_TIME_NAMES = {"Now", "db_default"}
# Other clocks: the machine's local date, or a time read around Django's.
OTHER_CLOCKS = re.compile(r"\bdate\.today\(\)|\bdatetime\.now\(|\butcnow\(|\btime\.time\(\)")


def sources(app: str):
    return sorted((ROOT / app).rglob("*.py"))


def database_time(text: str) -> list[int]:
    """The lines of Python `text` that ask the database for the time."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        in_sql = token.type == tokenize.STRING and SQL_TIME.search(token.string)
        if in_sql or (token.type == tokenize.NAME and token.string in DATABASE_TIME_NAMES):
            found.append(token.start[0])
    return sorted(set(found))


def offending(pattern, text: str) -> list[int]:
    """The numbers of the lines of `text` whose code (comments aside) matches `pattern`."""
    return [number for number, line in enumerate(text.splitlines(), start=1)
            if pattern.search(line.split("#", 1)[0])]


def hits(app: str, finder) -> list[str]:
    return [f"{path.relative_to(ROOT)}:{number}" for path in sources(app)
            for number in finder(path.read_text())]


@pytest.mark.parametrize("app", APPS)
def test_the_database_computes_no_time(app):
    assert hits(app, database_time) == []


@pytest.mark.parametrize("app", APPS)
def test_the_app_reads_no_other_clock(app):
    assert hits(app, lambda text: offending(OTHER_CLOCKS, text)) == []


@pytest.mark.parametrize("line", [
    "stamp = models.DateTimeField(db_default=Now())",
    "cursor.execute('UPDATE t SET at = now() WHERE id = %s', [pk])",
    "Meeting.objects.update(ended_at=Now())",
    "cursor.execute('SELECT CURRENT_TIMESTAMP')",
])
def test_it_catches_a_time_the_database_makes(line):
    assert database_time(line) == [1]


@pytest.mark.parametrize("line", ["at = timezone.now()", "at = now()  # the one clock",
                                  "cursor.execute('SELECT 1')  # not now()",
                                  'defaults = {"changed_at": now()}'])
def test_it_lets_the_app_clock_through(line):
    assert database_time(line) == []


@pytest.mark.parametrize("line", ["today = date.today()", "at = datetime.now(tz=UTC)",
                                  "t = time.time()", "at = datetime.utcnow()"])
def test_it_catches_another_clock(line):
    assert offending(OTHER_CLOCKS, line) == [1]
