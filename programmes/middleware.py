import zoneinfo

from django.utils import timezone


def activate_person_timezone(user) -> None:
    """Show times in the signed-in person's own time zone (the server's for anyone else)."""
    if user is None or not user.is_authenticated:
        timezone.deactivate()
        return
    try:
        timezone.activate(zoneinfo.ZoneInfo(user.timezone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        timezone.deactivate()


class PersonTimezoneMiddleware:
    """Activates the person's time zone before each view.

    A view marked `activates_timezone_itself` is left alone: reading the person costs the
    session and user queries, which the meeting room's unchanged-state poll must not pay.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            # Nothing after the response (signal handlers, the next test's code on the same
            # thread) may take this person's zone for the server's: `localdate()` would move.
            timezone.deactivate()

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "activates_timezone_itself", False):
            activate_person_timezone(getattr(request, "user", None))
