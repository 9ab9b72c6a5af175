"""The MSM orders the programme's impediment backlog: up, down, or to a place; an escalated
item leaves it and waits unplaced at the bottom of the parent's until that MSM places it."""

import pytest
from django.urls import reverse

from feedback import services as feedback
from feedback.backlog import services
from tests.feedback.backlog import order, raised


def test_a_new_backlog_is_oldest_first_and_unplaced(cast):
    raised(cast, "A", "B", "C")
    assert order(cast.programme) == [("A", None), ("B", None), ("C", None)]


def test_moving_up_and_down_numbers_every_item(cast):
    a, b, c = raised(cast, "A", "B", "C")
    services.backlog_move(programme=cast.programme, item_id=c.pk, by=cast.msm, direction="up")
    assert order(cast.programme) == [("A", 1), ("C", 2), ("B", 3)]
    services.backlog_move(programme=cast.programme, item_id=a.pk, by=cast.msm,
                          direction="down")
    assert order(cast.programme) == [("C", 1), ("A", 2), ("B", 3)]


def test_moving_the_top_one_up_leaves_it_on_top(cast):
    a, _ = raised(cast, "A", "B")
    services.backlog_move(programme=cast.programme, item_id=a.pk, by=cast.msm, direction="up")
    assert order(cast.programme) == [("A", 1), ("B", 2)]


def test_a_drop_places_it_at_a_position(cast):
    *_, d = raised(cast, "A", "B", "C", "D")
    services.backlog_move(programme=cast.programme, item_id=d.pk, by=cast.msm, position=1)
    assert [t for t, _ in order(cast.programme)] == ["D", "A", "B", "C"]


@pytest.mark.parametrize("who", ["scrum_master", "stakeholder", "outsider"])
def test_only_the_msm_orders_it(cast, who):
    a, _ = raised(cast, "A", "B")
    with pytest.raises(services.BacklogError) as refused:
        services.backlog_move(programme=cast.programme, item_id=a.pk, by=getattr(cast, who),
                              direction="down")
    assert refused.value.status == 403
    assert order(cast.programme) == [("A", None), ("B", None)]


def test_closed_items_and_questions_are_not_in_it(cast):
    a, _ = raised(cast, "A", "B")
    raised(cast, "Why?", kind="question")
    feedback.feedback_answer(item=a, by=cast.msm, text="Fixed")
    feedback.feedback_close(item=a, by=cast.scrum_master)
    assert order(cast.programme) == [("B", None)]


def test_an_escalated_item_waits_unplaced_in_the_parents_backlog(cast):
    a, b = raised(cast, "A", "B")
    parents = raised(cast, "Parent's own")  # then moved up: the parent's first item
    feedback.feedback_escalate(item=parents[0], by=cast.msm)
    services.backlog_move(programme=cast.parent, item_id=parents[0].pk, by=cast.parent_msm,
                          direction="up")
    services.backlog_move(programme=cast.programme, item_id=b.pk, by=cast.msm, direction="up")
    feedback.feedback_escalate(item=b, by=cast.msm)
    assert order(cast.programme) == [("A", 2)]
    assert order(cast.parent) == [("Parent's own", 1), ("B", None)]
    services.backlog_move(programme=cast.parent, item_id=b.pk, by=cast.parent_msm, position=1)
    assert order(cast.parent) == [("B", 1), ("Parent's own", 2)]


def test_the_page_moves_by_buttons_and_refuses_others(client, cast):
    a, b = raised(cast, "A", "B")
    url = reverse("feedback:backlog_move", kwargs={"slug": cast.programme.slug,
                                                   "item_id": b.pk})
    client.force_login(cast.scrum_master)
    assert client.post(url, {"direction": "up"}).status_code == 403
    client.force_login(cast.msm)
    response = client.post(url, {"direction": "up"}, follow=True)
    assert "“B” is now number 1 of 2." in response.content.decode()
    assert order(cast.programme) == [("B", 1), ("A", 2)]
    assert client.post(url, {"direction": "sideways"}, follow=True).status_code == 200


def test_the_page_lists_the_backlog_in_a_bounded_number_of_queries(
        client, cast, django_assert_max_num_queries):
    raised(cast, *[f"Item {n}" for n in range(30)])
    client.force_login(cast.msm)
    url = reverse("feedback:backlog", kwargs={"slug": cast.programme.slug})
    with django_assert_max_num_queries(12):
        html = client.get(url).content.decode()
    assert "Impediment backlog: 30 open" in html and "Move up: Item 1\"" in html
