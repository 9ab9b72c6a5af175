"""System checks for the reminder defaults, which come from the environment."""

from django.conf import settings
from django.core.checks import Error, register

# Each series is scheduled two occurrences ahead (ceremonies.meetings.schedule.horizon_end),
# so the next monthly Steering Committee exists at least this many days before it.
SHORTEST_MONTH = 28


@register()
def reminder_defaults_check(app_configs, **kwargs):
    errors = []
    for name in ("MEETING_REMINDER_MINUTES", "UPDATE_CALL_MINUTES", "UPDATE_MISSING_MINUTES",
                 "STEERING_PACK_DAYS_BEFORE"):
        if getattr(settings, name) < 1:
            errors.append(Error(f"{name} must be at least 1.", id="ceremonies.E001"))
    if settings.UPDATE_MISSING_MINUTES >= settings.UPDATE_CALL_MINUTES:
        errors.append(Error(
            "UPDATE_MISSING_MINUTES must be smaller than UPDATE_CALL_MINUTES: the warning that "
            "an update is missing comes after the call to post it.", id="ceremonies.E002"))
    if settings.STEERING_PACK_DAYS_BEFORE > SHORTEST_MONTH:
        errors.append(Error(
            f"STEERING_PACK_DAYS_BEFORE is longer than {SHORTEST_MONTH} days: two monthly "
            "Steering Committees can be that close, so the pack would go out before the "
            "previous one has even met.", id="ceremonies.E003"))
    return errors
