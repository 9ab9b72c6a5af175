"""The dependency board in Chromium at 30 teams: it fits a laptop's width, and each arrow the
browser draws starts at the providing team's row and ends on the needing team's entry."""

from datetime import timedelta

import pytest

from ceremonies.models import Dependency
from programmes.services import sprints_ensure
from tests import factories

ENDPOINTS = """() => [...document.querySelectorAll('path.dep-arrow')].map(path => {
  const ctm = path.getScreenCTM(), length = path.getTotalLength();
  const at = l => { const p = path.getPointAtLength(l);
                    return new DOMPoint(p.x, p.y).matrixTransform(ctm); };
  const start = at(0), end = at(length);
  const id = path.dataset.dependency;
  const chip = document.querySelector(`.dep-chip[data-dependency="${id}"]`)
                       .getBoundingClientRect();
  const rows = [...document.querySelectorAll('.dep-board [role=rowheader]')];
  const from = rows.find(r => { const b = r.getBoundingClientRect();
                                return start.y >= b.top && start.y <= b.bottom; });
  const head = from.getBoundingClientRect();
  return {id: Number(id), from: from.textContent.trim(),
          startsAtRowEdge: Math.abs(start.x - head.right) <= 1.5,
          endsOnChip: end.x >= chip.left - 1.5 && end.x <= chip.left + 6
                      && end.y > chip.top && end.y < chip.bottom};
})"""


@pytest.mark.clock("2026-11-24T12:00:00+00:00")
def test_the_board_of_30_teams_draws_every_arrow_from_provider_to_needer(cast, open_page):
    today = cast.programme.today()
    sprints_ensure(programme=cast.programme, through=today + timedelta(days=120))
    teams = [factories.TeamFactory(programme=cast.programme, name=f"Squad {n:02}")
             for n in range(30)]
    made = {}
    for n, team in enumerate(teams):
        provider = teams[(n * 7 + 3) % 30]
        late = n == 4
        due = today + timedelta(days=-1 if late else n * 3)
        made[n] = Dependency.objects.create(
            programme=cast.programme, needing_team=team, providing_team=provider,
            what=f"Contract {n}", status="accepted", committed_date=due)
    page = open_page(cast.msm)
    page.goto(f"/p/{cast.programme.slug}/dependencies/")
    region = page.get_by_role("region", name="Dependency board")
    assert region.evaluate("box => box.scrollWidth <= box.clientWidth")  # no sideways scroll
    ends = page.evaluate(ENDPOINTS)
    assert len(ends) == 30
    providers = {d.pk: d.providing_team.name for d in made.values()}
    for end in ends:
        assert end["from"] == providers[end["id"]]
        assert end["startsAtRowEdge"] and end["endsOnChip"], end
    late = page.locator("svg.dep-arrows text")
    assert late.all_text_contents() == ["late"]
    page.screenshot(path="/tmp/x/board.png", full_page=True)
