"""Expected response times, overdue items, and impediments proposed for escalation."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from feedback import selectors, services
from feedback.models import FeedbackItem
from programmes.models import Sprint
from tests import factories

from .helpers import T0, raise_impediment

LONDON = ZoneInfo("Europe/London")
FRIDAY = T0 + timedelta(days=4)


def test_working_days_skip_the_weekend():
    friday_5pm = datetime(2026, 3, 6, 17, 0, tzinfo=LONDON)

    assert services.working_days_after(friday_5pm, 1, LONDON) == datetime(
        2026, 3, 9, 17, 0, tzinfo=LONDON)
    assert services.working_days_before(datetime(2026, 3, 10, 9, tzinfo=LONDON), 3,
                                        LONDON) == datetime(2026, 3, 5, 9, tzinfo=LONDON)


def test_an_item_raised_on_friday_is_expected_acknowledged_on_monday(cast):
    item = raise_impediment(cast, at=FRIDAY)

    assert item.respond_by == FRIDAY + timedelta(days=3)


def test_the_programme_setting_changes_the_expectation(cast):
    services.settings_update(programme=cast.programme, acknowledge_within_working_days=2)

    item = raise_impediment(cast, at=FRIDAY)

    assert item.respond_by == FRIDAY + timedelta(days=4)


def test_an_acknowledged_item_is_expected_answered_within_the_sprint(cast):
    Sprint.objects.create(programme=cast.programme, number=1, start=date(2026, 3, 2),
                          end=date(2026, 3, 13))
    item = raise_impediment(cast)

    services.feedback_acknowledge(item=item, by=cast.msm, at=T0 + timedelta(hours=1))

    assert item.respond_by == datetime(2026, 3, 14, 0, 0, tzinfo=LONDON)


def test_a_stakeholder_item_is_expected_answered_within_thirty_days(db):
    programme = factories.ProgrammeFactory(name="Solo")
    team = factories.TeamFactory(programme=programme)
    sm, msm = factories.make_scrum_master(team), factories.make_msm(programme)
    item = services.impediment_raise(programme=programme, team=team, title="x", raised_by=sm,
                                     at=T0)

    services.feedback_escalate(item=item, by=msm, at=T0 + timedelta(hours=1))

    assert item.respond_by == T0 + timedelta(days=30, hours=1)


def test_the_ceremonies_app_can_set_the_stakeholder_deadline(db):
    steering = datetime(2026, 3, 20, 14, tzinfo=UTC)
    hook = services.register_stakeholder_deadline(lambda *, programme, after: steering)
    try:
        programme = factories.ProgrammeFactory(name="Solo")
        stakeholder = factories.make_stakeholder(programme)
        msm = factories.make_msm(programme)
        item = services.feedback_raise(programme=programme, kind="risk", title="x",
                                       direction="up", raised_by=msm, at=T0)
        assert stakeholder and item.level == FeedbackItem.Level.STAKEHOLDERS
        assert item.respond_by == steering
    finally:
        services._stakeholder_deadline_hooks.remove(hook)


def test_overdue_is_a_filter_on_respond_by(cast):
    late = raise_impediment(cast, title="late", at=T0)
    raise_impediment(cast, title="fresh", at=T0 + timedelta(days=1))

    found = selectors.overdue(FeedbackItem.objects.all(), at=T0 + timedelta(days=1, hours=1))

    assert list(found) == [late]


def test_an_impediment_is_proposed_for_escalation_after_three_working_days(cast):
    item = raise_impediment(cast, at=T0)

    wednesday = selectors.impediments_proposed_for_escalation(
        cast.programme, at=T0 + timedelta(days=2))
    thursday = selectors.impediments_proposed_for_escalation(
        cast.programme, at=T0 + timedelta(days=3, hours=1))

    assert list(wednesday) == []
    assert list(thursday) == [item]


def test_the_weekend_does_not_count_towards_escalation(cast):
    raise_impediment(cast, at=FRIDAY)

    tuesday = selectors.impediments_proposed_for_escalation(
        cast.programme, at=FRIDAY + timedelta(days=4, hours=1))

    assert list(tuesday) == []


def test_an_answered_impediment_is_not_proposed(cast):
    item = raise_impediment(cast, at=T0)
    services.feedback_answer(item=item, by=cast.msm, text="gone", at=T0 + timedelta(hours=1))

    assert not selectors.impediments_proposed_for_escalation(
        cast.programme, at=T0 + timedelta(days=10)).exists()


def test_escalated_impediments_are_what_is_stopping_us(cast):
    item = raise_impediment(cast)
    raise_impediment(cast, title="still with the MSM")
    services.feedback_escalate(item=item, by=cast.msm)
    services.feedback_escalate(item=item, by=cast.parent_msm)

    assert list(selectors.impediments_stopping_us(cast.parent)) == [item]
    assert list(selectors.impediments_stopping_us(cast.programme)) == []
