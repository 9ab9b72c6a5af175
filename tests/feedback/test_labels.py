"""Labels name the level: "With: Northwind steering", not "With: Programme"."""

import re

from feedback import services
from feedback.levels import Rung
from feedback.models import FeedbackItem

from .helpers import raise_impediment

Level = FeedbackItem.Level


def with_cell(html: str, item) -> str:
    row = re.search(rf'<tr id="row-{item.pk}".*?</tr>', html, re.S).group(0)
    cell = re.search(r'<td [^>]*class="holder">(.*?)</td>', row, re.S).group(1)
    return re.sub(r"<[^>]+>", " ", cell).split()[0:6]


def test_each_level_has_one_name(cast):
    item = raise_impediment(cast)
    assert item.holder_label == "Payments MSM"
    services.feedback_escalate(item=item, by=cast.msm, to=Rung(Level.STAKEHOLDERS,
                                                                cast.programme))
    assert item.holder_label == "Payments steering"
    services.feedback_escalate(item=item, by=cast.stakeholder)
    assert item.holder_label == "Northwind MSM"
    decision = services.decision_route_down(programme=cast.programme, title="Freeze",
                                            teams=[cast.team, cast.other_team], by=cast.msm)
    assert decision.holder_label == "Card Gateway, Ledger"


def test_the_thread_says_where_each_move_sent_the_item(cast):
    item = services.feedback_raise(programme=cast.programme, kind="question", title="Why?",
                                   direction="down", raised_by=cast.stakeholder)
    services.feedback_delegate(item=item, by=cast.msm, teams=[cast.team, cast.other_team])

    texts = list(item.events.exclude(text="").values_list("text", flat=True))

    assert texts == ["To Payments MSM", "To Card Gateway, Ledger"]


def test_the_inbox_names_the_level_in_both_lists(cast, client):
    item = raise_impediment(cast)
    services.feedback_escalate(item=item, by=cast.msm, to=Rung(Level.STAKEHOLDERS, cast.parent))
    decision = services.decision_route_down(programme=cast.programme, title="Freeze",
                                            teams=[cast.team, cast.other_team], by=cast.msm)
    services.feedback_acknowledge(item=decision, by=cast.other_scrum_master)
    client.force_login(cast.scrum_master)

    html = client.get("/inbox/").content.decode()

    on_others = html[html.index('id="waiting-on-others"'):]
    assert with_cell(on_others, item) == ["Northwind", "steering"]
    for_me = html[html.index('id="waiting-for-me"'):html.index('id="waiting-on-others"')]
    assert with_cell(for_me, decision) == ["Card", "Gateway,", "Ledger", "Card", "Gateway",
                                           "✓"]
    assert ">Programme<" not in html and "Parent programme" not in html


def test_the_programme_flow_names_the_level(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.parent_msm)

    html = client.get(f"/p/{cast.parent.slug}/feedback/").content.decode()

    assert with_cell(html, item) == ["Payments", "MSM"]

