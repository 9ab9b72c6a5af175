"""How long before a meeting each of its reminders goes: the series' own lead, else the site
default from settings.

A series may only hold leads within the bounds of `ceremonies/models/meetings.py`; each rule
scans at least that far ahead (`Lead.scan_ahead`), so a programme's longer lead is still seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta

from django.conf import settings
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ceremonies.models import Kind, MeetingSeries
from ceremonies.models.meetings import AGENDA_LEAD_HOURS_MAX, LEAD_MINUTES_MAX, PACK_LEAD_DAYS_MAX

# The Brown Bag's agenda goes the day before at this programme-local time unless the series
# sets a number of hours.
AGENDA_AT = time(16, 0)


CALL_CLOSES_AT = time(12, 0)  # programme-local, the day before the Brown Bag


@dataclass(frozen=True)
class Lead:
    field: str  # on MeetingSeries
    unit: str  # "minutes", "hours" or "days"
    label: str  # lazily translated
    maximum: int
    setting: str = ""  # the site default's name in settings; "" for the agenda's fixed time

    @property
    def default(self) -> int | None:
        return getattr(settings, self.setting) if self.setting else None

    @property
    def default_text(self) -> str:
        if self.default is None:
            return _("the day before at %(time)s") % {"time": time_format(AGENDA_AT)}
        return ngettext(UNITS[self.unit][0], UNITS[self.unit][1], self.default) % {
            "n": self.default}

    def of(self, series: MeetingSeries | None) -> int | None:
        """The series' own lead, else the site default (None: the agenda's fixed time)."""
        own = getattr(series, self.field) if series is not None else None
        return own or self.default

    def delta(self, series: MeetingSeries | None) -> timedelta:
        return timedelta(**{self.unit: self.of(series)})

    @property
    def scan_ahead(self) -> timedelta:
        """How far ahead the rule looks: the longest lead a series may hold, or the site
        default if that is longer (it comes from the environment, unchecked)."""
        return timedelta(**{self.unit: max(self.maximum, self.default or 0)})


# Each unit as a count, singular and plural (ngettext picks).
UNITS = {"minutes": ("%(n)s minute", "%(n)s minutes"), "hours": ("%(n)s hour", "%(n)s hours"),
         "days": ("%(n)s day", "%(n)s days")}

REMINDER = Lead("reminder_minutes", "minutes", _("Remind invitees"), LEAD_MINUTES_MAX,
                "MEETING_REMINDER_MINUTES")
UPDATE_CALL = Lead("update_call_minutes", "minutes", _("Ask for each team's update"),
                   LEAD_MINUTES_MAX, "UPDATE_CALL_MINUTES")
UPDATE_MISSING = Lead("update_missing_minutes", "minutes", _("Warn that an update is missing"),
                      LEAD_MINUTES_MAX, "UPDATE_MISSING_MINUTES")
AGENDA = Lead("agenda_lead_hours", "hours", _("Send the agenda"), AGENDA_LEAD_HOURS_MAX)
PACK = Lead("pack_lead_days", "days", _("Send stakeholders the pack"), PACK_LEAD_DAYS_MAX,
            "STEERING_PACK_DAYS_BEFORE")

BY_KIND: dict[str, tuple[Lead, ...]] = {
    Kind.SCRUM_OF_SCRUMS: (REMINDER, UPDATE_CALL, UPDATE_MISSING),
    Kind.BROWN_BAG: (REMINDER, AGENDA),
    Kind.STEERING: (REMINDER, PACK),
}
FIELDS = tuple(lead.field for lead in (REMINDER, UPDATE_CALL, UPDATE_MISSING, AGENDA, PACK))
