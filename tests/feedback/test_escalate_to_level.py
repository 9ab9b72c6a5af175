"""One step to the right level: the holder sends an item straight to any level above it."""

import pytest
from django.core.cache import cache

from feedback import levels, services
from feedback.levels import Rung
from feedback.models import FeedbackEvent, FeedbackItem
from tests import factories

from .helpers import T0, raise_impediment

Level = FeedbackItem.Level


def escalations(item):
    return list(item.events.filter(kind=FeedbackEvent.Kind.ESCALATED)
                .values_list("text", flat=True))


def test_the_msm_sends_a_team_impediment_straight_to_the_parent_steering(cast):
    item = raise_impediment(cast)

    services.feedback_escalate(item=item, by=cast.msm, to=Rung(Level.STAKEHOLDERS, cast.parent),
                               comment="Needs budget", at=T0)

    item.refresh_from_db()
    assert (item.level, item.holder_programme, item.state) == (
        Level.STAKEHOLDERS, cast.parent, FeedbackItem.State.ROUTED)
    assert item.escalated_at == T0
    assert escalations(item) == ["To Northwind steering — Needs budget"]


def test_a_key_names_the_level_as_forms_and_the_api_send_it(cast):
    item = raise_impediment(cast)

    services.feedback_escalate(item=item, by=cast.msm, to="parent:northwind")

    assert (item.level, item.holder_programme) == (Level.PARENT, cast.parent)
    assert escalations(item) == ["To Northwind MSM"]


def test_a_team_holding_an_item_sends_it_past_its_msm(cast):
    item = services.feedback_raise(programme=cast.programme, kind="question", title="Why?",
                                   direction="down", raised_by=cast.stakeholder)
    services.feedback_delegate(item=item, by=cast.msm, teams=[cast.team])

    services.feedback_escalate(item=item, by=cast.scrum_master,
                               to=Rung(Level.STAKEHOLDERS, cast.programme))

    assert (item.level, item.holder_programme) == (Level.STAKEHOLDERS, cast.programme)


def test_the_levels_above_are_named_lowest_first(cast):
    item = raise_impediment(cast)

    rungs = levels.above(item, levels.lineage(item))

    assert [r.label for r in rungs] == ["Payments steering", "Northwind MSM",
                                        "Northwind steering"]
    assert levels.one_step(item, levels.lineage(item)).label == "Northwind MSM"


@pytest.mark.parametrize("target", [
    pytest.param(lambda cast: Rung(Level.PROGRAMME, cast.programme), id="below"),
    pytest.param(lambda cast: Rung(Level.PARENT, cast.parent), id="where-it-is"),
    pytest.param(lambda cast: Rung(Level.STAKEHOLDERS, cast.other_programme), id="another-tree"),
    pytest.param(lambda cast: "team:payments", id="teams"),
    pytest.param(lambda cast: "stakeholders:nowhere", id="no-such-programme"),
])
def test_it_refuses_a_level_that_is_not_above_the_item(cast, target):
    item = raise_impediment(cast)
    services.feedback_escalate(item=item, by=cast.msm)  # now with Northwind MSM

    with pytest.raises(services.FeedbackError) as refused:
        services.feedback_escalate(item=item, by=cast.parent_msm, to=target(cast))

    assert refused.value.status == 400
    assert "is not a level above this item, which is with Northwind MSM: choose " \
           "Northwind steering." in str(refused.value)
    item.refresh_from_db()
    assert (item.level, item.holder_programme) == (Level.PARENT, cast.parent)
    assert len(escalations(item)) == 1


def test_a_sibling_programme_is_not_above_the_item(cast):
    sibling = factories.ProgrammeFactory(name="Customer Experience", parent=cast.parent)
    item = raise_impediment(cast)

    with pytest.raises(services.FeedbackError, match="Customer Experience steering is not a "
                                                     "level above this item"):
        services.feedback_escalate(item=item, by=cast.msm, to=Rung(Level.STAKEHOLDERS, sibling))


def test_only_the_holder_chooses_where_it_goes(cast):
    item = raise_impediment(cast)

    with pytest.raises(services.FeedbackError, match="Only the current holder") as refused:
        services.feedback_escalate(item=item, by=cast.scrum_master,
                                   to=Rung(Level.STAKEHOLDERS, cast.parent))

    assert refused.value.status == 403
    assert FeedbackItem.objects.get(pk=item.pk).level == Level.PROGRAMME


def test_a_stale_copy_cannot_send_the_item_back_down(cast):
    item = raise_impediment(cast)  # both MSMs hold it: the parent's manages the train too
    stale = FeedbackItem.objects.get(pk=item.pk)
    services.feedback_escalate(item=item, by=cast.msm, to="parent:northwind")

    with pytest.raises(services.FeedbackError, match="Payments steering is not a level above"):
        services.feedback_escalate(item=stale, by=cast.parent_msm, to="stakeholders:payments")

    assert FeedbackItem.objects.get(pk=item.pk).level == Level.PARENT
    assert len(escalations(item)) == 1


def test_in_a_deeper_tree_one_step_from_a_steering_goes_to_the_msm_above(db):
    group = factories.ProgrammeFactory(name="Group")
    division = factories.ProgrammeFactory(name="Division", parent=group)
    train = factories.ProgrammeFactory(name="Train", parent=division)
    msm, top_msm = factories.make_msm(train), factories.make_msm(group)
    top_stakeholder = factories.make_stakeholder(group)  # a stakeholder of all below too
    item = services.feedback_raise(programme=train, kind="risk", title="x", direction="up",
                                   raised_by=msm)
    assert (item.level, item.holder_programme) == (Level.PARENT, division)
    services.feedback_escalate(item=item, by=top_msm, to=Rung(Level.STAKEHOLDERS, division))

    services.feedback_escalate(item=item, by=top_stakeholder)
    assert (item.level, item.holder_programme) == (Level.PARENT, group)
    services.feedback_escalate(item=item, by=top_msm)
    assert (item.level, item.holder_programme) == (Level.STAKEHOLDERS, group)
    with pytest.raises(services.FeedbackError, match="already with the stakeholders"):
        services.feedback_escalate(item=item, by=top_stakeholder)


# --- the item page ------------------------------------------------------------------------------

def url(item, action):
    return f"{item.get_absolute_url()}{action}/"


def test_the_page_sends_it_to_the_chosen_level_with_a_plain_post(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.msm)

    response = client.post(url(item, "escalate"), {"escalate-to": "stakeholders:northwind",
                                                   "escalate-comment": "Budget"}, follow=True)

    assert response.redirect_chain[-1][0] == item.get_absolute_url()
    body = response.content.decode()
    assert "Escalated to Northwind steering." in body
    assert 'id="item-holder">Northwind steering<' in body
    item.refresh_from_db()
    assert (item.level, item.holder_programme) == (Level.STAKEHOLDERS, cast.parent)


def test_a_post_without_a_level_goes_one_level_up(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.msm)

    client.post(url(item, "escalate"), {"escalate-comment": ""})

    item.refresh_from_db()
    assert (item.level, item.holder_programme) == (Level.PARENT, cast.parent)


def test_htmx_gets_the_item_back_with_where_it_went(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.msm)

    response = client.post(url(item, "escalate"), {"escalate-to": "parent:northwind"},
                           headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "Escalated to Northwind MSM." in body


def test_a_level_not_offered_is_refused_next_to_the_field_keeping_the_comment(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.msm)

    response = client.post(url(item, "escalate"), {"escalate-to": "programme:payments",
                                                   "escalate-comment": "Please look"})

    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose one of the levels above this item." in body
    assert "Please look</textarea>" in body
    assert FeedbackItem.objects.get(pk=item.pk).level == Level.PROGRAMME


def test_someone_who_does_not_hold_it_is_refused_and_offered_nothing(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.stakeholder)

    page = client.get(item.get_absolute_url()).content.decode()
    response = client.post(url(item, "escalate"), {"escalate-to": "stakeholders:northwind"})

    assert 'name="escalate-to"' not in page
    assert response.status_code == 403
    assert FeedbackItem.objects.get(pk=item.pk).level == Level.PROGRAMME


def test_nothing_is_offered_at_the_top(cast, client):
    item = raise_impediment(cast)
    services.feedback_escalate(item=item, by=cast.msm, to=Rung(Level.STAKEHOLDERS, cast.parent))
    top = factories.make_stakeholder(cast.parent)
    client.force_login(top)

    body = client.get(item.get_absolute_url()).content.decode()

    assert "Send answer" in body
    assert 'name="escalate-to"' not in body


def test_the_holders_item_page_makes_a_bounded_number_of_queries(cast, client,
                                                                 django_assert_max_num_queries):
    item = raise_impediment(cast)
    client.force_login(cast.msm)
    cache.clear()

    # session, user, programme, access (2), item, addressees, events, the levels above (one,
    # however many), data version, the badge, the acknowledge form's teams, the owner, the
    # linked tracker items
    with django_assert_max_num_queries(14):
        response = client.get(item.get_absolute_url())

    assert 'name="escalate-to"' in response.content.decode()
