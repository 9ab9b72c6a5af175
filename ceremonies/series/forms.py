"""Forms for the series pages: a recurrence picked from presets, and moving one meeting."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from ceremonies.meetings import leads
from ceremonies.meetings.recurrence import ORDINALS, WEEKDAYS, Preset, preset_of, rrule_for
from ceremonies.meetings.schedule import DEFAULTS
from ceremonies.models import Kind
from metascrum.lib.forms import TextField
from programmes.forms import DateInput


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


LEAD_MESSAGES = {
    "minutes": _("Enter a whole number of minutes from 1 to %(max)s, or leave it empty for the "
                 "site default."),
    "hours": _("Enter a whole number of hours from 1 to %(max)s, or leave it empty for the site "
               "default."),
    "days": _("Enter a whole number of days from 1 to %(max)s, or leave it empty for the site "
              "default."),
}
LEAD_LABELS = {"minutes": _("%(label)s (minutes before)"), "hours": _("%(label)s (hours before)"),
               "days": _("%(label)s (days before)")}


def lead_field(lead: leads.Lead) -> forms.IntegerField:
    """An optional whole number within the lead's bounds; empty keeps the site default."""
    message = LEAD_MESSAGES[lead.unit] % {"max": lead.maximum}
    placeholder = lead.default if lead.default is not None else lead.default_text
    return forms.IntegerField(
        required=False, min_value=1, max_value=lead.maximum,
        label=LEAD_LABELS[lead.unit] % {"label": lead.label},
        help_text=_("Empty: the site default, %(default)s.") % {"default": lead.default_text},
        widget=forms.NumberInput(attrs={"placeholder": placeholder}),
        error_messages={"invalid": message, "min_value": message, "max_value": message})


class SeriesForm(forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices, label=_("Meeting"))
    title = TextField(max_length=120, label=_("Title"))
    preset = forms.ChoiceField(choices=Preset.choices, label=_("How often"))
    weekday = forms.ChoiceField(choices=[("", "—"), *WEEKDAYS], required=False, label=_("Weekday"),
                                help_text=_("For weekly and monthly meetings."))
    ordinal = forms.ChoiceField(choices=[("", "—"), *ORDINALS], required=False,
                                label=_("Which one in the month"),
                                help_text=_("For monthly meetings: first, second … last."))
    sprint_day = forms.IntegerField(min_value=1, max_value=42, required=False,
                                    label=_("Day of the sprint"),
                                    help_text=_("For once per sprint: 1 is the sprint's first "
                                                "day."))
    custom = TextField(max_length=200, required=False, label=_("Custom RRULE"),
                       help_text=_("For a custom rule, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TH."))
    start_time = forms.TimeField(widget=TimeInput(), label=_("Starts at"),
                                 help_text=_("In the programme's time zone."))
    duration_minutes = forms.IntegerField(min_value=1, max_value=480, label=_("Timebox (minutes)"))

    def __init__(self, *args, programme, series=None, kind: str | None = None, **kwargs):
        # A new series starts with the site's reminder leads; its edit page can change them.
        self.leads = leads.BY_KIND[series.kind] if series is not None else ()
        if series is not None:
            kwargs.setdefault("initial", {
                "kind": series.kind, "title": series.title, "sprint_day": series.sprint_day,
                "start_time": series.start_time, "duration_minutes": series.duration_minutes,
                **preset_of(series.rrule),
                **{lead.field: getattr(series, lead.field) for lead in self.leads}})
        elif kind in Kind.values:
            defaults = DEFAULTS[kind]
            kwargs.setdefault("initial", {
                "kind": kind, "title": Kind(kind).label, "start_time": "09:30",
                "duration_minutes": defaults["duration"], "sprint_day": defaults.get("sprint_day"),
                **preset_of(defaults["rrule"])})
        super().__init__(*args, **kwargs)
        self.fields["start_time"].help_text = _("In %(timezone)s.") % {
            "timezone": programme.timezone}
        if series is not None:
            del self.fields["kind"]
        for lead in self.leads:
            self.fields[lead.field] = lead_field(lead)

    @property
    def schedule_fields(self) -> list:
        return [field for field in self.visible_fields() if field.name not in leads.FIELDS]

    @property
    def reminder_fields(self) -> list:
        return [self[lead.field] for lead in self.leads]

    def clean(self):
        data = super().clean()
        preset = data.get("preset")
        needs = {Preset.WEEKLY: ["weekday"], Preset.MONTHLY: ["weekday", "ordinal"],
                 Preset.SPRINT: ["sprint_day"], Preset.CUSTOM: ["custom"]}.get(preset, [])
        missing = [name for name in needs if data.get(name) in (None, "")]
        for name in missing:
            if name not in self.errors:
                self.add_error(name, _("Needed for this kind of recurrence."))
        if preset is None or missing:
            return data
        try:
            data["rrule"] = rrule_for(preset, weekday=data.get("weekday", ""),
                                      ordinal=data.get("ordinal", ""),
                                      custom=data.get("custom", ""))
        except ValidationError as error:
            self.add_error("custom", error)
        if preset != Preset.SPRINT:
            data["sprint_day"] = None
        return data

    @property
    def series_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("title", "rrule", "sprint_day", "start_time",
                                              "duration_minutes",
                                              *(lead.field for lead in self.leads))}


MAX_AHEAD_DAYS = 730


class MoveForm(forms.Form):
    """The new start, in the programme's time zone (the series' times are)."""

    day = forms.DateField(widget=DateInput(), label=_("New date"))
    start_time = forms.TimeField(widget=TimeInput(), label=_("New time"))

    def __init__(self, *args, meeting, **kwargs):
        self.tz = meeting.programme.tzinfo
        local = meeting.scheduled_start.astimezone(self.tz)
        kwargs.setdefault("initial", {"day": local.date(), "start_time": local.time()})
        super().__init__(*args, **kwargs)
        self.fields["start_time"].help_text = _("In %(timezone)s.") % {
            "timezone": meeting.programme.timezone}

    def clean_day(self):
        day = self.cleaned_data["day"]
        today = localdate(timezone=self.tz)
        if not today <= day <= today + timedelta(days=MAX_AHEAD_DAYS):
            raise ValidationError(_("Pick a date from today to two years ahead."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("start_time"):
            data["start"] = datetime.combine(data["day"], data["start_time"], tzinfo=self.tz)
        return data
