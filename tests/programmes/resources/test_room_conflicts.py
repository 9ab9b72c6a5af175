"""Resource conflicts surface in the Scrum of Scrums room."""

from django.utils import timezone

from ceremonies.models import Kind
from programmes.resources import services as bookings
from programmes.resources.selectors import resource_conflicts
from tests.ceremonies.meetings import make_meeting
from tests.programmes.resources import ask, make_env


def _conflict(cast, starts_in=24):
    env = make_env(cast)
    ask(env, cast.team, cast.scrum_master, starts_in=starts_in)
    ask(env, cast.other_team, cast.other_scrum_master, starts_in=starts_in + 1)
    return env


def test_the_selector_lists_conflicts_of_the_next_two_weeks(cast):
    _conflict(cast)
    [conflict] = resource_conflicts(cast.programme, cast.programme.today())
    assert conflict.resource.name == "Staging" and conflict.confirmed is None
    assert conflict.teams == ["Card Gateway", "Ledger"]


def test_the_selector_ignores_conflicts_beyond_two_weeks(cast):
    _conflict(cast, starts_in=24 * 20)
    assert resource_conflicts(cast.programme, cast.programme.today()) == []


def test_a_confirmed_booking_with_a_clashing_request_is_still_a_conflict(cast):
    env = make_env(cast)
    first = ask(env, cast.team, cast.scrum_master)
    ask(env, cast.other_team, cast.other_scrum_master, starts_in=25)
    bookings.booking_confirm(booking=first, by=cast.msm)
    [conflict] = resource_conflicts(cast.programme, cast.programme.today())
    assert conflict.confirmed == first


def test_a_declined_request_is_no_longer_a_conflict(cast):
    env = make_env(cast)
    first = ask(env, cast.team, cast.scrum_master)
    ask(env, cast.other_team, cast.other_scrum_master, starts_in=25)
    bookings.booking_decline(booking=first, by=cast.msm)
    assert resource_conflicts(cast.programme, cast.programme.today()) == []


def test_the_scrum_of_scrums_room_lists_the_conflicts_and_links_to_them(client, cast):
    _conflict(cast)
    meeting = make_meeting(cast.programme, day=timezone.localdate())
    client.force_login(cast.scrum_master)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Resource conflicts" in page and "Card Gateway, Ledger" in page
    assert "/p/payments/resources/conflicts/" in page


def test_other_meetings_do_not_show_the_section(client, cast):
    _conflict(cast)
    meeting = make_meeting(cast.programme, kind=Kind.BROWN_BAG, minutes=60)
    client.force_login(cast.msm)
    assert "Resource conflicts" not in client.get(meeting.get_absolute_url()).content.decode()
