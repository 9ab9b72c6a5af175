"""Reminder defaults come from the environment; a contradictory set stops the app at start."""

from django.core.checks import run_checks


def _ids():
    return {message.id for message in run_checks()}


def test_the_shipped_defaults_pass():
    assert not _ids() & {"ceremonies.E001", "ceremonies.E002", "ceremonies.E003"}


def test_a_missing_warning_before_the_call_is_refused(settings):
    settings.UPDATE_CALL_MINUTES, settings.UPDATE_MISSING_MINUTES = 15, 30
    assert "ceremonies.E002" in _ids()


def test_a_zero_lead_is_refused(settings):
    settings.MEETING_REMINDER_MINUTES = 0
    assert "ceremonies.E001" in _ids()


def test_a_pack_lead_longer_than_the_shortest_month_is_refused(settings):
    settings.STEERING_PACK_DAYS_BEFORE = 29
    assert "ceremonies.E003" in _ids()


def test_a_pack_lead_beyond_the_days_setting_is_fine_as_steering_is_scheduled_two_ahead(
        settings):
    settings.STEERING_PACK_DAYS_BEFORE, settings.MEETINGS_SCHEDULE_DAYS = 10, 7
    assert "ceremonies.E003" not in _ids()
