import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def timezone_choices():
    """Callable, so migrations do not depend on the tz database of the machine."""
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


def validate_timezone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})
