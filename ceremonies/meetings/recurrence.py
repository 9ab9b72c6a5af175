"""Recurrence presets the MSM picks from, and the checks a hand-written RRULE must pass.

The stored form is always an iCalendar RRULE (or a sprint day); presets only write and read it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Preset(models.TextChoices):
    WORKING_DAYS = "working_days", _("Every working day (Monday to Friday)")
    WEEKLY = "weekly", _("Every week, on one day")
    MONTHLY = "monthly", _("Every month, on one weekday (e.g. the first Tuesday)")
    SPRINT = "sprint", _("Once per sprint, on one day of the sprint")
    CUSTOM = "custom", _("Custom iCalendar RRULE")


WEEKDAYS = [("MO", _("Monday")), ("TU", _("Tuesday")), ("WE", _("Wednesday")),
            ("TH", _("Thursday")), ("FR", _("Friday")), ("SA", _("Saturday")),
            ("SU", _("Sunday"))]
ORDINALS = [("1", _("first")), ("2", _("second")), ("3", _("third")), ("4", _("fourth")),
            ("-1", pgettext_lazy("ordinal", "last"))]
WORKING_DAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"

FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
PARTS = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "UNTIL", "WKST"}
# dateutil walks day by day until year 9999 when a rule can never match; keeping month
# filters off daily and weekly rules keeps that walk short.
MONTH_PARTS = {"BYMONTHDAY", "BYMONTH"}
LOOKAHEAD = timedelta(days=400)
MAX_INTERVAL = 52  # dateutil never returns from INTERVAL=0


def rrule_for(preset: str, *, weekday: str = "", ordinal: str = "", custom: str = "") -> str:
    """The RRULE a preset stands for ("" for once per sprint)."""
    if preset == Preset.WORKING_DAYS:
        return WORKING_DAYS
    if preset == Preset.WEEKLY:
        return f"FREQ=WEEKLY;BYDAY={weekday}"
    if preset == Preset.MONTHLY:
        sign = "" if ordinal.startswith("-") else "+"
        return f"FREQ=MONTHLY;BYDAY={sign}{ordinal}{weekday}"
    if preset == Preset.SPRINT:
        return ""
    return validate_rrule(custom)


def preset_of(rrule: str) -> dict:
    """The preset (and its choices) that writes `rrule`; anything else is custom."""
    if not rrule:
        return {"preset": Preset.SPRINT}
    if rrule == WORKING_DAYS:
        return {"preset": Preset.WORKING_DAYS}
    for code, _day in WEEKDAYS:
        if rrule == f"FREQ=WEEKLY;BYDAY={code}":
            return {"preset": Preset.WEEKLY, "weekday": code}
        for ordinal, _word in ORDINALS:
            if rrule == rrule_for(Preset.MONTHLY, weekday=code, ordinal=ordinal):
                return {"preset": Preset.MONTHLY, "weekday": code, "ordinal": ordinal}
    return {"preset": Preset.CUSTOM, "custom": rrule}


def describe(rrule: str, sprint_day: int | None) -> str:
    """The recurrence in words, for the series list."""
    found = preset_of(rrule)
    day = dict(WEEKDAYS).get(found.get("weekday", ""), "")
    if found["preset"] == Preset.SPRINT:
        return _("Once per sprint, on day %(day)s") % {"day": sprint_day}
    if found["preset"] == Preset.WORKING_DAYS:
        return str(_("Every working day"))
    if found["preset"] == Preset.WEEKLY:
        return _("Every %(weekday)s") % {"weekday": day}
    if found["preset"] == Preset.MONTHLY:
        return _("The %(ordinal)s %(weekday)s of every month") % {
            "ordinal": dict(ORDINALS)[found["ordinal"]], "weekday": day}
    return f"RRULE {rrule}"


def _refuse(message: str):
    raise ValidationError(message, code="rrule")


def validate_rrule(text: str) -> str:
    """A single, well-formed RRULE that gives at least one meeting in the coming year,
    normalised to upper case without the "RRULE:" prefix."""
    rule = (text or "").strip().upper().removeprefix("RRULE:").strip().strip(";")
    if not rule:
        _refuse(_("Write a rule, e.g. FREQ=WEEKLY;BYDAY=MO,WE."))
    if any(c in rule for c in "\r\n:") or len(rule) > 200:
        _refuse(_("Write one RRULE line of at most 200 characters, e.g. "
                  "FREQ=WEEKLY;BYDAY=MO,WE."))
    try:
        parts = dict(part.split("=", 1) for part in rule.split(";"))
    except ValueError:
        _refuse(_("Each part of the rule looks like NAME=VALUE, separated by semicolons."))
    unknown = sorted(set(parts) - PARTS)
    if unknown:
        _refuse(_("%(parts)s is not supported here; use FREQ, INTERVAL, BYDAY, BYMONTHDAY, "
                  "BYMONTH, BYSETPOS or UNTIL.") % {"parts": ", ".join(unknown)})
    if parts.get("FREQ") not in FREQUENCIES:
        _refuse(_("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY."))
    interval = parts.get("INTERVAL", "1")
    if not (interval.isdigit() and 1 <= int(interval) <= MAX_INTERVAL):
        _refuse(_("INTERVAL must be a whole number from 1 to %(max)s.") % {"max": MAX_INTERVAL})
    for name, high in (("BYMONTH", 12), ("BYMONTHDAY", 31)):
        values = parts.get(name, "1").split(",")
        if not all(v.lstrip("+-").isdigit() and 1 <= abs(int(v)) <= high for v in values):
            _refuse(_("%(name)s takes numbers from 1 to %(high)s (or -%(high)s to -1).")
                    % {"name": name, "high": high})
    if parts["FREQ"] in ("DAILY", "WEEKLY") and MONTH_PARTS & set(parts):
        _refuse(_("BYMONTHDAY and BYMONTH need FREQ=MONTHLY or FREQ=YEARLY."))
    if parts.get("UNTIL", "").endswith("Z"):  # the series' dates are local, not UTC
        parts["UNTIL"] = parts["UNTIL"][:-1]
    rule = ";".join(f"{name}={value}" for name, value in parts.items())
    start = datetime.combine(now().date(), datetime.min.time())
    try:
        found = rrulestr(rule, dtstart=start - LOOKAHEAD).between(start, start + LOOKAHEAD,
                                                                  inc=True)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as error:
        _refuse(_("This is not a valid RRULE (%(error)s).") % {"error": error})
    if not found:
        _refuse(_("This rule gives no meeting in the coming year."))
    return rule
