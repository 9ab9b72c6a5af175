"""Build shared resources and booking requests for tests, through the services."""

from datetime import timedelta

from django.utils import timezone

from programmes.models import Resource
from programmes.resources import services as bookings


def soon(hours: float = 24) -> timezone.datetime:
    """A whole hour some time from now, so requests are never in the past."""
    base = timezone.now().replace(minute=0, second=0, microsecond=0)
    return base + timedelta(hours=hours)


def make_env(cast, name="Staging", by=None) -> Resource:
    return bookings.resource_create(programme=cast.programme, by=by or cast.msm,
                                    kind=Resource.Kind.TEST_ENVIRONMENT, name=name)


def make_slot(cast, name="Release window", starts_in=48, hours=2, by=None) -> Resource:
    start = soon(starts_in)
    return bookings.resource_create(programme=cast.programme, by=by or cast.msm,
                                    kind=Resource.Kind.RELEASE_SLOT, name=name,
                                    window_starts_at=start,
                                    window_ends_at=start + timedelta(hours=hours))


def ask(resource, team, by, starts_in=24, hours=2, purpose=""):
    start = soon(starts_in)
    return bookings.booking_request(resource=resource, team=team, by=by, starts_at=start,
                                    ends_at=start + timedelta(hours=hours), purpose=purpose)
