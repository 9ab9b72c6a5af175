"""Quiet hours, mutes, channels and time zones, applied when a reminder is recorded."""

from datetime import time

from programmes.models import Notification, NotificationPreference
from programmes.notifications import outbox
from tests.notifications.conftest import at, make_webhook, reminder


def _record(person, programme, due_at, kind="digest", **options):
    outbox.notifications_record(kind=kind, reminders=[reminder(person, programme,
                                                                due_at=due_at)], **options)
    return list(Notification.objects.filter(recipient=person).order_by("channel"))


def test_without_preferences_email_goes_out_when_due(cast):
    [row] = _record(cast.member, cast.programme, at("2026-11-24 03:00"))

    assert row.due_at == at("2026-11-24 03:00")


def test_a_reminder_in_quiet_hours_waits_until_they_end(cast):
    cast.member.timezone = "Europe/Berlin"
    cast.member.save()
    NotificationPreference.objects.create(person=cast.member, quiet_start=time(22),
                                          quiet_end=time(7))

    # 03:00 UTC is 04:00 in Berlin: quiet until 07:00 Berlin, which is 06:00 UTC.
    [row] = _record(cast.member, cast.programme, at("2026-11-24 03:00"))

    assert row.due_at == at("2026-11-24 06:00")


def test_quiet_hours_over_midnight_end_the_next_morning(cast):
    cast.member.timezone = "America/New_York"
    cast.member.save()
    NotificationPreference.objects.create(person=cast.member, quiet_start=time(21),
                                          quiet_end=time(8))

    # 02:30 UTC on the 25th is 21:30 on the 24th in New York: quiet until 08:00 on the 25th.
    [row] = _record(cast.member, cast.programme, at("2026-11-25 02:30"))

    assert row.due_at == at("2026-11-25 13:00")


def test_the_same_instant_is_not_quiet_in_another_time_zone(cast):
    cast.member.timezone = "Asia/Tokyo"
    cast.member.save()
    NotificationPreference.objects.create(person=cast.member, quiet_start=time(22),
                                          quiet_end=time(7))

    # 03:00 UTC is midday in Tokyo.
    [row] = _record(cast.member, cast.programme, at("2026-11-24 03:00"))

    assert row.due_at == at("2026-11-24 03:00")


def test_a_daytime_quiet_window_is_respected(cast):
    NotificationPreference.objects.create(person=cast.member, quiet_start=time(12),
                                          quiet_end=time(13, 30))

    [row] = _record(cast.member, cast.programme, at("2026-11-24 12:15"))

    assert row.due_at == at("2026-11-24 13:30")


def test_kinds_that_ignore_quiet_hours_are_not_delayed(cast):
    NotificationPreference.objects.create(person=cast.member, quiet_start=time(0),
                                          quiet_end=time(23))

    [row] = _record(cast.member, cast.programme, at("2026-11-24 09:20"),
                    kind="meeting_soon", respects_quiet_hours=False)

    assert row.due_at == at("2026-11-24 09:20")


def test_a_muted_kind_is_not_recorded(cast):
    NotificationPreference.objects.create(person=cast.member, muted_kinds=["digest"])

    assert _record(cast.member, cast.programme, at("2026-11-24 09:00")) == []
    assert len(_record(cast.member, cast.programme, at("2026-11-24 09:00"),
                       kind="sprint_starts")) == 1


def test_email_switched_off_records_chat_only(cast):
    make_webhook(cast.programme, "http://127.0.0.1:9/hook")
    NotificationPreference.objects.create(person=cast.member, email_enabled=False)

    [row] = _record(cast.member, cast.programme, at("2026-11-24 09:00"))

    assert row.channel == "chat"


def test_chat_goes_to_the_teams_webhook_before_the_programmes(cast):
    make_webhook(cast.programme, "http://127.0.0.1:9/programme")
    team_hook = make_webhook(cast.programme, "http://127.0.0.1:9/team", team=cast.team)

    outbox.notifications_record(kind="digest", reminders=[reminder(
        cast.member, cast.programme, team=cast.team, due_at=at("2026-11-24 09:00"))])

    chat = Notification.objects.get(channel="chat")
    assert chat.webhook == team_hook
    assert chat.webhook_payload["text"].startswith(f"{cast.member}: Post your update")


def test_no_chat_row_without_a_webhook_or_with_chat_off(cast):
    assert [r.channel for r in _record(cast.member, cast.programme,
                                       at("2026-11-24 09:00"))] == ["email"]
    make_webhook(cast.programme, "http://127.0.0.1:9/hook")
    NotificationPreference.objects.create(person=cast.scrum_master, chat_enabled=False)
    assert [r.channel for r in _record(cast.scrum_master, cast.programme,
                                       at("2026-11-24 09:00"))] == ["email"]
