"""Reminder rules for feedback loops (see programmes/notifications/registry.py for the contract)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from feedback import selectors, tracker_links
from feedback.models import FeedbackItem
from programmes.models import Programme, ProgrammeRole, TeamMembership
from programmes.notifications.registry import Reminder, reminder_rule

Item = FeedbackItem
Level = Item.Level
OVERDUE_WINDOW = timedelta(days=14)  # older misses are the digest's job, not a nudge's
DIGEST_AT = time(8, 0)


def holders_of(items: list[Item]) -> dict[int, list]:
    """item id → the people who hold it now (MSMs, stakeholders or the addressed teams' SMs)."""
    programmes = {i.holder_programme_id for i in items}
    by_role = defaultdict(list)
    for role in ProgrammeRole.objects.filter(programme_id__in=programmes).select_related(
            "person"):
        by_role[(role.programme_id, role.role)].append((role.person, None))
    teams = {a.team_id for i in items for a in i.addressees.all() if not a.acknowledged_at}
    scrum_masters = defaultdict(list)
    for m in TeamMembership.objects.filter(team_id__in=teams, role="scrum_master").select_related(
            "person", "team"):
        scrum_masters[m.team_id].append((m.person, m.team))
    holders = {}
    for item in items:
        if item.level == Level.TEAM:
            holders[item.pk] = [p for a in item.addressees.all() if not a.acknowledged_at
                                for p in scrum_masters[a.team_id]]
        else:
            role = (ProgrammeRole.Role.STAKEHOLDER if item.level == Level.STAKEHOLDERS
                    else ProgrammeRole.Role.MSM)
            holders[item.pk] = by_role[(item.holder_programme_id, role)]
    return holders


@reminder_rule("feedback_overdue",
               label=gettext_lazy("Feedback waiting on you past its expected time"))
def feedback_overdue(now: datetime) -> Iterable[Reminder]:
    """Whoever holds an item past its `respond_by` is nudged once per deadline."""
    items = list(Item.objects.filter(state__in=Item.WAITING_STATES,
                                     respond_by__lte=now, respond_by__gt=now - OVERDUE_WINDOW)
                 .select_related("programme").prefetch_related("addressees"))
    holders = holders_of(items)
    for item in items:
        for person, team in holders[item.pk]:
            yield Reminder(
                recipient=person, programme=item.programme, team=team,
                object_ref=f"feedback:{item.pk}", occurrence=item.respond_by.isoformat(),
                due_at=item.respond_by,
                subject=_("Overdue: %(kind)s “%(title)s”") % {
                    "kind": item.kind_in_sentence, "title": item.title},
                text=_("“%(title)s” (%(kind)s, %(state)s) was expected to move by %(when)s "
                       "UTC. It is waiting on you.") % {
                    "title": item.title, "kind": item.kind_in_sentence,
                    "state": item.get_state_display().lower(),
                    "when": date_format(item.respond_by, "DATETIME_FORMAT")},
                link=item.get_absolute_url())


def _monday_at(now: datetime, programme: Programme) -> datetime:
    local = now.astimezone(programme.tzinfo)
    monday = local.date() - timedelta(days=local.weekday())
    return datetime.combine(monday, DIGEST_AT, tzinfo=programme.tzinfo)


@reminder_rule("feedback_digest", label=gettext_lazy("Weekly digest of open loops (MSM)"))
def feedback_digest(now: datetime) -> Iterable[Reminder]:
    """Monday 08:00 programme time: each MSM gets the programme's open loops."""
    roles = ProgrammeRole.objects.filter(role=ProgrammeRole.Role.MSM).select_related(
        "programme", "person")
    for role in roles:
        programme = role.programme
        at = _monday_at(now, programme)
        if not at <= now < at + timedelta(days=1):
            continue
        loops = selectors.open_loops_summary(programme, now)
        if not loops["open"]:
            continue  # an empty digest is noise
        week = at.strftime("%G-W%V")
        open_loops = ngettext("%(count)d open loop", "%(count)d open loops",
                              loops["open"]) % {"count": loops["open"]}
        yield Reminder(
            recipient=role.person, programme=programme, object_ref=f"digest:{programme.pk}",
            occurrence=week, due_at=at,
            subject=_("%(programme)s: %(open_loops)s, %(overdue)d overdue") % {
                "programme": programme, "open_loops": open_loops,
                "overdue": loops["overdue"]},
            text=_("Week %(week)s in %(programme)s: %(open_loops)s, %(overdue)d of them past "
                   "their expected time, and %(stakeholders)d waiting on the stakeholders.") % {
                "week": week, "programme": programme, "open_loops": open_loops,
                "overdue": loops["overdue"], "stakeholders": loops["stakeholders"]},
            link=reverse("feedback:programme", kwargs={"slug": programme.slug}))


@reminder_rule("tracker_item_closed",
               label=gettext_lazy("An item linked to your feedback closed in its tracker"))
def tracker_item_closed(now: datetime) -> Iterable[Reminder]:
    """The originator of an open item is asked to close the loop when a linked tracker item
    closes; once per closing (reopened and closed again asks again)."""
    for link in tracker_links.closed_links_to_tell(now - OVERDUE_WINDOW):
        item, closed = link.item, link.tracker_item
        yield Reminder(
            recipient=item.raised_by, programme=item.programme,
            object_ref=f"feedback:{item.pk}:tracker:{closed.pk}",
            occurrence=closed.closed_at.isoformat(), due_at=closed.closed_at,
            subject=_("%(key)s is closed: close the loop on “%(title)s”?") % {
                "key": closed.key, "title": item.title},
            text=_("%(key)s “%(tracker_title)s”, linked to your %(kind)s “%(title)s”, was "
                   "closed in its tracker. If that settles it, close the loop; if not, say "
                   "what is left.") % {
                "key": closed.key, "tracker_title": closed.title,
                "kind": item.kind_in_sentence, "title": item.title},
            link=item.get_absolute_url())

