"""Programmes below a parent are listed in tree order, siblings oldest first, also once their
ids have different numbers of digits (sorting paths as text puts "/1/10/" before "/1/9/")."""

from ceremonies.meetings.posting import posting_tree
from tests import factories
from tests.ceremonies.updates import upcoming_meeting


def test_siblings_are_listed_oldest_first_whatever_their_ids_digits(db):
    parent = factories.ProgrammeFactory(name="Root")
    older = factories.ProgrammeFactory(pk=99_999_999, name="Older", parent=parent)
    newer = factories.ProgrammeFactory(pk=100_000_000, name="Newer", parent=parent)
    below_older = factories.ProgrammeFactory(pk=100_000_001, name="Below older", parent=older)
    for programme in (older, newer, below_older):
        factories.TeamFactory(programme=programme, name=f"{programme.name} team")
        upcoming_meeting(programme)
    rows = posting_tree(parent).below.rows
    assert [row.programme.name for row in rows] == ["Older", "Below older", "Newer"]
    assert sorted([newer, older, below_older], key=lambda p: p.tree_key) == [
        older, below_older, newer]
