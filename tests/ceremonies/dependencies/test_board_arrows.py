"""The board draws each dependency it shows as an arrow from the providing team's row to the
needing team's entry in the column of its sprint: red, dashed and labelled "late" when late.
The arrows are read back from the SVG and placed on the grid the HTML and the stylesheet lay
out, independently of the code that drew them."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse

from ceremonies.dependencies import arrows as layout
from ceremonies.models import Dependency
from programmes.services import sprints_ensure
from tests import factories
from tests.ceremonies.dependencies.board_parse import arrows, grid

pytestmark = pytest.mark.clock("2026-11-24T12:00:00+00:00")
CSS = Path("static/css/updates.css").read_text()


def need(cast, needing, providing, what, *, due, status="requested"):
    committed = due if status in ("accepted", "countered") else None
    return Dependency.objects.create(
        programme=needing.programme, needing_team=needing, providing_team=providing, what=what,
        status=status, needed_by=None if committed else due, committed_date=committed)


@pytest.fixture
def board(cast):
    """Ledger, Card Gateway, Auth (and Vault of another programme), with dependencies in
    every column: before the first sprint (late), in the sprints, later, and one too many for
    a cell."""
    today = cast.programme.today()
    sprints_ensure(programme=cast.programme, through=today + timedelta(days=120))
    sprints = list(cast.programme.sprints.filter(end__gte=today).order_by("start")[:4])
    auth = factories.TeamFactory(programme=cast.programme, name="Auth")
    vault = factories.TeamFactory(programme=cast.other_programme, name="Vault")
    ledger, gateway = cast.team, cast.other_team
    made = [
        need(cast, ledger, gateway, "Card API v2", due=sprints[1].start, status="accepted"),
        need(cast, gateway, auth, "SSO for cards", due=sprints[0].end),
        need(cast, auth, ledger, "Audit feed", due=today - timedelta(days=1), status="accepted"),
        need(cast, ledger, vault, "Key rotation", due=sprints[-1].end + timedelta(days=30)),
        need(cast, auth, gateway, "Token format", due=None),
        *(need(cast, gateway, ledger, f"Export {n}", due=sprints[2].start) for n in range(5)),
    ]
    dropped = need(cast, ledger, auth, "Dropped thing", due=sprints[0].start)
    Dependency.objects.filter(pk=dropped.pk).update(status="dropped")
    return sprints, made


def page(client, cast):
    client.force_login(cast.msm)
    return client.get(reverse("ceremonies:dependencies",
                              kwargs={"slug": cast.programme.slug})).content.decode()


def expected_column(dependency, sprints):
    """0: before the first sprint; 1..n: the sprint holding its date; last: later, no date."""
    day = dependency.committed_date or dependency.needed_by
    if day is not None and day < sprints[0].start:
        return 0
    for n, sprint in enumerate(sprints, start=1):
        if day is not None and sprint.start <= day <= sprint.end:
            return n
    return len(sprints) + 1


def place(point, rows):
    """(row index, column index, line in the cell) of a point on the grid."""
    x, y = point
    top = layout.HEADER_HEIGHT
    for index, row in enumerate(rows):
        height = row.lines * layout.LINE_HEIGHT + layout.ROW_PADDING
        if top <= y < top + height:
            line = int((y - top - layout.ROW_PADDING / 2) // layout.LINE_HEIGHT)
            column = int((x - layout.TEAM_WIDTH) // layout.COLUMN_WIDTH) if x >= \
                layout.TEAM_WIDTH else None
            return index, column, line, (top, top + height)
        top += height
    raise AssertionError(f"{point} is below the board")


def test_each_arrow_runs_from_the_providers_row_to_the_needers_entry(client, cast, board):
    sprints, made = board
    html = page(client, cast)
    rows = grid(html).rows
    index = {row.team: n for n, row in enumerate(rows)}
    _, drawn = arrows(html)
    by_pk = {d.pk: d for d in made}
    for arrow in drawn:
        dependency = by_pk[arrow.dependency]
        start_row, start_column, _, (top, bottom) = place(arrow.start, rows)
        assert start_row == index[dependency.providing_team.name]
        assert arrow.start[0] == layout.TEAM_WIDTH  # leaves the team's name, to the right
        assert arrow.start[1] == pytest.approx((top + bottom) / 2)
        end_row, end_column, line, _ = place(arrow.end, rows)
        assert end_row == index[dependency.needing_team.name]
        assert end_column == expected_column(dependency, sprints)
        assert rows[end_row].cells[end_column][line] == dependency.pk  # at its own entry


def test_every_entry_shown_has_one_arrow_and_what_a_cell_cannot_show_is_counted(
        client, cast, board):
    html = page(client, cast)
    rows = grid(html).rows
    shown = sorted(pk for row in rows for cell in row.cells for pk in cell)
    _, drawn = arrows(html)
    assert sorted(a.dependency for a in drawn) == shown
    assert len(shown) == 8  # 10 open, 2 of the 5 exports in one cell only counted
    assert "+2 more" in html
    assert "Dropped thing" not in html
    assert "Board: 10 open, 1 late" in html


def test_a_team_that_only_provides_has_a_row_for_its_arrows_to_leave(client, cast, board):
    rows = grid(page(client, cast)).rows
    assert [row.team for row in rows] == ["Auth", "Card Gateway", "Ledger", "Vault"]
    assert rows[3].cells == [[], [], [], [], [], []]


def test_a_late_arrow_is_red_dashed_and_says_late(client, cast, board):
    html = page(client, cast)
    svg, drawn = arrows(html)
    late = [a for a in drawn if a.late]
    assert [a.dependency for a in late] == [board[1][2].pk]  # the audit feed, due yesterday
    assert late[0].dashed and not any(a.dashed for a in drawn if not a.late)
    labels = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert labels == ["late"]
    assert "<strong>Late:</strong> Audit feed (from Ledger)" in html  # the entry says it in words


def test_the_drawing_is_hidden_from_screen_readers_and_the_entries_keep_their_text(
        client, cast, board):
    html = page(client, cast)
    svg, _ = arrows(html)
    assert svg.get("aria-hidden") == "true"
    assert "Card API v2 (from Card Gateway)" in html


def test_the_stylesheet_lays_the_grid_out_in_the_sizes_the_arrows_are_drawn_to():
    def rem(selector, prop):
        block = re.search(re.escape(selector) + r" \{([^}]*)\}", CSS).group(1)
        return float(re.search(prop + r": ([\d.]+)rem", block).group(1))

    assert rem(".dep-row", "grid-template-columns") == layout.TEAM_WIDTH
    assert rem(".dep-row", "grid-auto-columns") == layout.COLUMN_WIDTH
    assert rem(".dep-row", "height") == layout.LINE_HEIGHT + layout.ROW_PADDING
    assert rem(".dep-row.dep-header", "height") == layout.HEADER_HEIGHT
    for lines in (2, 3, 4):
        assert rem(f".dep-row.lines-{lines}", "height") == \
            lines * layout.LINE_HEIGHT + layout.ROW_PADDING
    assert rem(".dep-row > span", "padding") == layout.ROW_PADDING / 2 == layout.CELL_INSET
