"""The registry of reminder rules, and the due-scan that runs them.

A **reminder rule** decides who must be reminded of what, and when. It is a function of the
current time, registered under a *kind* (the word a person mutes in their preferences)::

    from programmes.notifications.registry import Reminder, reminder_rule

    @reminder_rule("meeting_soon", label="A meeting starts soon", respects_quiet_hours=False)
    def meeting_soon(now):
        soon = Meeting.objects.starting_between(now - LOOKBACK, now + timedelta(minutes=10))
        for meeting in soon:
            for person in meeting.invitees.all():
                yield Reminder(
                    recipient=person, programme=meeting.programme, team=None,
                    object_ref=f"meeting:{meeting.pk}", occurrence=meeting.starts_at.isoformat(),
                    due_at=meeting.starts_at - timedelta(minutes=10),
                    subject=f"{meeting} starts in 10 minutes",
                    text="…", link=meeting.get_absolute_url(),
                )

The contract:

* `rule(now)` returns (or yields) `Reminder`s. The due-scan calls every rule each minute;
  a rule returns what is due by `now`, looking back far enough (a day is usual) to cover scans
  that were missed while the worker or beat were down. It may also return reminders due later:
  they are recorded now and wait in the outbox until their `due_at`.
* Returning the same reminder again costs nothing: the outbox's unique key (recipient, kind,
  `object_ref`, `occurrence`, channel) records it once. So `object_ref` names the thing
  (`"meeting:42"`, `"feedback:7"`) and `occurrence` the instance of a recurring reminder (the
  date of the daily update, the week of the digest, `""` for a one-off).
* `link` is a path or an absolute URL of the page to act on; the outbox makes it absolute with
  `settings.SITE_URL`. `team` picks the team's chat webhook before the programme's.
* The rule only reads. Preferences (channels, mutes, quiet hours) are applied when recording.
  `respects_quiet_hours=False` is for kinds that are useless once delayed: a meeting about to
  start, the "post your update" call before today's Scrum of Scrums — the person put that
  meeting in their own day. Everything else (digests, overdue feedback, calls for talks,
  sprint starts) waits until the quiet hours end.
* Each reminder is written in its recipient's language (`Person.language`, English if none):
  the scan runs a rule once per language that people chose and keeps, from each run, the
  reminders of the people who read it. So a rule builds its subject and text with `gettext`
  (not lazily, not with strftime: `date_format`) and never needs to know who reads what.
* A rule that raises is logged and skipped; the other rules still run.
* Rules live in `<app>/reminders.py` of any installed app (programmes' own in
  `programmes/reminders.py`); the registry imports those modules (Django's
  `autodiscover_modules`) before each scan, so they only need to exist.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import autodiscover_modules

from metascrum.lib.languages import language_of
from programmes.notifications import outbox
from programmes.notifications.outbox import Reminder

__all__ = ["Reminder", "ReminderRule", "reminder_rule", "rules", "reminder_kinds", "due_scan"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReminderRule:
    kind: str
    label: str
    func: Callable[[datetime], Iterable[Reminder]]
    respects_quiet_hours: bool = True


_rules: dict[str, ReminderRule] = {}
_discovered = False


def reminder_rule(kind: str, *, label: str, respects_quiet_hours: bool = True):
    """Register the decorated `func(now) -> Iterable[Reminder]` as the rule for `kind`."""
    if len(kind) > 40:
        raise ImproperlyConfigured(f"Reminder kind {kind!r} is longer than 40 characters.")

    def register(func):
        existing = _rules.get(kind)
        if existing and existing.func.__qualname__ != func.__qualname__:
            raise ImproperlyConfigured(f"Two reminder rules claim the kind {kind!r}.")
        _rules[kind] = ReminderRule(kind=kind, label=label, func=func,
                                    respects_quiet_hours=respects_quiet_hours)
        return func

    return register


def unregister(kind: str) -> None:
    """Remove a rule (tests register rules of their own)."""
    _rules.pop(kind, None)


def rules() -> list[ReminderRule]:
    """Every registered rule, after importing each installed app's `reminders` module."""
    global _discovered
    if not _discovered:
        autodiscover_modules("reminders")
        _discovered = True
    return sorted(_rules.values(), key=lambda rule: rule.kind)


def reminder_kinds() -> list[tuple[str, str]]:
    """(kind, label) choices, for muting in the preferences form."""
    return [(rule.kind, rule.label) for rule in rules()]


def languages_read() -> list[str]:
    """The languages reminders are written in: English and each one someone chose."""
    chosen = (get_user_model().objects.exclude(language="").order_by()
              .values_list("language", flat=True).distinct())
    return sorted({settings.LANGUAGE_CODE, *chosen})


def in_language(reminders: Iterable[Reminder], language: str) -> Iterable[Reminder]:
    """The reminders, written while `language` was active, of the people who read it."""
    return (r for r in reminders if language_of(r.recipient) == language)


def reminders_record_due(*, now: datetime) -> int:
    """Ask every rule what is due by `now` and record it; a second run records nothing new."""
    offered = 0
    languages = languages_read()
    for rule in rules():
        try:
            with transaction.atomic():
                for language in languages:
                    with translation.override(language):
                        offered += outbox.notifications_record(
                            kind=rule.kind, reminders=in_language(rule.func(now), language),
                            respects_quiet_hours=rule.respects_quiet_hours)
        except Exception:  # one broken rule must not starve the others
            logger.exception("Reminder rule %r failed; the other rules ran.", rule.kind)
    return offered


def due_scan(*, now: datetime | None = None) -> tuple[int, int]:
    """Record what has become due, then enqueue every pending delivery that is due.

    Safe to run twice or concurrently: recording is idempotent and delivery claims each row.
    Returns (reminders offered, deliveries enqueued).
    """
    now = now or timezone.now()
    offered = reminders_record_due(now=now)
    enqueued = outbox.notifications_enqueue_due(now=now)
    return offered, enqueued
