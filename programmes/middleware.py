import zoneinfo

from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers


def activate_person_timezone(user) -> None:
    """Show times in the signed-in person's own time zone (the server's for anyone else)."""
    if user is None or not user.is_authenticated:
        timezone.deactivate()
        return
    try:
        timezone.activate(zoneinfo.ZoneInfo(user.timezone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        timezone.deactivate()


def activate_person_language(user) -> None:
    """The person's chosen language, if they chose one; else the browser's stays active."""
    if user is not None and user.is_authenticated and user.language:
        translation.activate(user.language)


def activate_person(user) -> None:
    """The signed-in person's time zone and language, for a view that reads them itself."""
    activate_person_timezone(user)
    activate_person_language(user)


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


class PersonLanguageMiddleware:
    """Speaks the person's language: their choice in their settings, else the browser's.

    Like Django's LocaleMiddleware without language prefixes in URLs: the language cookie
    (a visitor's choice on the sign-in page) or Accept-Language first; then, before each view,
    the signed-in person's own choice (an API token's person is set by the API itself). Views
    marked `activates_timezone_itself` do it themselves (`activate_person`), for the same
    reason as above.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.activate(translation.get_language_from_request(request))
        try:
            response = self.get_response(request)
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        finally:
            translation.deactivate()  # the next request on this thread starts from nothing

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "activates_timezone_itself", False):
            activate_person_language(getattr(request, "user", None))
        request.LANGUAGE_CODE = translation.get_language()
