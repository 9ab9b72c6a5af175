"""A cancelled booking comes back as it was while its time has not come and the resource is
still free; never a double booking."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from programmes.models import AuditEntry, Booking
from programmes.resources import services as bookings
from tests.programmes.resources import ask, make_env


def cancelled(cast, env=None, *, confirm=False, starts_in=24):
    """Ledger's request of `env` (a new Staging by default), confirmed first if `confirm`,
    cancelled by its Scrum Master."""
    booking = ask(env or make_env(cast), cast.team, cast.scrum_master, starts_in=starts_in)
    if confirm:
        bookings.booking_confirm(booking=booking, by=cast.msm)
    return bookings.booking_cancel(booking=booking, by=cast.scrum_master)


def status(booking) -> str:
    return Booking.objects.get(pk=booking.pk).status


# --- the service --------------------------------------------------------------------------------

def test_a_cancelled_request_comes_back_as_a_request(cast):
    booking = cancelled(cast)

    back = bookings.booking_reinstate(booking=booking, by=cast.scrum_master)

    assert (back.status, back.decided_at, back.decided_by) == ("requested", None, None)
    entry = AuditEntry.objects.get(action="booking.reinstate")
    assert entry.actor == cast.scrum_master
    assert entry.summary.startswith("Reinstated Ledger's request of Staging from ")
    assert entry.changes == {"status": ["cancelled", "requested"]}


def test_a_cancelled_booking_comes_back_confirmed(cast):
    booking = cancelled(cast, confirm=True)

    back = bookings.booking_reinstate(booking=booking, by=cast.scrum_master)

    assert back.status == "confirmed" and back.decided_by == cast.msm
    assert AuditEntry.objects.get(action="booking.reinstate").changes == {
        "status": ["cancelled", "confirmed"]}


def test_it_refuses_when_the_resource_went_to_another_team_meanwhile(cast):
    env = make_env(cast)
    booking = cancelled(cast, env, confirm=True)
    other = ask(env, cast.other_team, cast.other_scrum_master, starts_in=25)
    bookings.booking_confirm(booking=other, by=cast.msm)

    with pytest.raises(bookings.BookingError) as refused:
        bookings.booking_reinstate(booking=booking, by=cast.scrum_master)

    assert refused.value.status == 409
    assert str(refused.value).startswith("Staging has been booked by Card Gateway from ")
    assert status(booking) == "cancelled"
    assert not AuditEntry.objects.filter(action="booking.reinstate").exists()


def test_a_request_comes_back_beside_another_teams_booking_as_a_conflict(cast):
    env = make_env(cast)
    booking = cancelled(cast, env)
    other = ask(env, cast.other_team, cast.other_scrum_master, starts_in=25)
    bookings.booking_confirm(booking=other, by=cast.msm)

    assert bookings.booking_reinstate(booking=booking, by=cast.scrum_master).status == (
        "requested")  # requests may overlap: the MSM decides, as for a new one


def test_it_refuses_when_the_team_asked_again_meanwhile(cast):
    env = make_env(cast)
    booking = cancelled(cast, env)
    ask(env, cast.team, cast.scrum_master, starts_in=25)

    with pytest.raises(bookings.BookingError, match="Ledger has asked for Staging at an "
                                                    "overlapping time since"):
        bookings.booking_reinstate(booking=booking, by=cast.scrum_master)


def test_it_refuses_once_its_time_has_come(cast):
    booking = cancelled(cast)
    Booking.objects.filter(pk=booking.pk).update(
        starts_at=timezone.now() - timedelta(minutes=1))

    with pytest.raises(bookings.BookingError, match="Its time has come"):
        bookings.booking_reinstate(booking=booking, by=cast.scrum_master)
    assert status(booking) == "cancelled"


def test_only_a_cancelled_booking_is_reinstated(cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)

    with pytest.raises(bookings.BookingError, match="this one is requested"):
        bookings.booking_reinstate(booking=booking, by=cast.scrum_master)


def test_an_archived_resource_takes_nothing_back(cast):
    booking = cancelled(cast)
    bookings.resource_set_archived(resource=booking.resource, by=cast.msm, archived=True)

    with pytest.raises(bookings.BookingError, match="Staging is archived"):
        bookings.booking_reinstate(booking=booking, by=cast.scrum_master)


@pytest.mark.parametrize("person", ["other_scrum_master", "member", "stakeholder"])
def test_only_who_may_cancel_it_reinstates_it(cast, person):
    booking = cancelled(cast)

    with pytest.raises(bookings.BookingError) as refused:
        bookings.booking_reinstate(booking=booking, by=getattr(cast, person))

    assert refused.value.status == 403
    assert status(booking) == "cancelled"


def test_the_msm_reinstates_a_teams_booking(cast):
    booking = cancelled(cast, confirm=True)

    assert bookings.booking_reinstate(booking=booking, by=cast.msm).status == "confirmed"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs the exclusion constraint")
@pytest.mark.django_db(transaction=True)
def test_reinstating_while_the_msm_confirms_another_team_yields_one_booking(cast):
    env = make_env(cast)
    booking = cancelled(cast, env, confirm=True)
    rival = ask(env, cast.other_team, cast.other_scrum_master, starts_in=25)
    barrier = threading.Barrier(2)
    outcomes, escaped = {}, []

    def run(name, step):
        try:
            barrier.wait()
            step()
            outcomes[name] = "ok"
        except bookings.BookingError as refused:
            outcomes[name] = (refused.status, str(refused))
        except Exception as error:  # noqa: BLE001 - the test is that nothing else escapes
            escaped.append(repr(error))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=("reinstate", lambda: bookings.booking_reinstate(
            booking=booking, by=cast.scrum_master))),
        threading.Thread(target=run, args=("confirm", lambda: bookings.booking_confirm(
            booking=rival, by=cast.msm))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert escaped == []
    assert sorted(str(v if v == "ok" else v[0]) for v in outcomes.values()) == ["409", "ok"]
    assert Booking.objects.filter(resource=env, status="confirmed").count() == 1


# --- the page -----------------------------------------------------------------------------------

def url(cast, name, **kwargs):
    return reverse(f"programmes:{name}", kwargs={"slug": cast.programme.slug, **kwargs})


def test_the_list_offers_the_cancelled_bookings_ahead_to_whoever_may_reinstate(client, cast):
    booking = cancelled(cast, confirm=True)
    client.force_login(cast.scrum_master)

    page = client.get(url(cast, "resources")).content.decode()

    assert 'id="cancelled"' in page and '<td data-label="Was">Confirmed</td>' in page
    assert f'action="{url(cast, "booking_reinstate", booking_id=booking.pk)}"' in page
    client.force_login(cast.other_scrum_master)
    page = client.get(url(cast, "resources")).content.decode()
    assert 'id="cancelled"' in page and "booking_reinstate" not in page
    assert "/reinstate/" not in page


def test_the_requester_reinstates_from_the_list(client, cast):
    booking = cancelled(cast)
    client.force_login(cast.scrum_master)

    response = client.post(url(cast, "booking_reinstate", booking_id=booking.pk), follow=True)

    assert response.redirect_chain[-1][0] == url(cast, "resources")
    assert "Ledger&#x27;s booking of Staging is back." in response.content.decode()
    assert status(booking) == "requested"


def test_a_refusal_is_shown_on_the_list(client, cast):
    env = make_env(cast)
    booking = cancelled(cast, env, confirm=True)
    other = ask(env, cast.other_team, cast.other_scrum_master, starts_in=25)
    bookings.booking_confirm(booking=other, by=cast.msm)
    client.force_login(cast.scrum_master)

    response = client.post(url(cast, "booking_reinstate", booking_id=booking.pk), follow=True)

    assert "Staging has been booked by Card Gateway" in response.content.decode()
    assert status(booking) == "cancelled"


def test_reinstating_rejects_get(client, cast):
    booking = cancelled(cast)
    client.force_login(cast.scrum_master)

    assert client.get(url(cast, "booking_reinstate", booking_id=booking.pk)).status_code == 405


def test_another_scrum_master_gets_a_403_and_an_outsider_a_404(client, cast):
    booking = cancelled(cast)
    client.force_login(cast.other_scrum_master)
    assert client.post(url(cast, "booking_reinstate", booking_id=booking.pk)).status_code == 403
    client.force_login(cast.outsider)
    assert client.post(url(cast, "booking_reinstate", booking_id=booking.pk)).status_code == 404
    assert status(booking) == "cancelled"


def test_a_booking_of_another_programme_is_a_404(client, cast):
    booking = cancelled(cast)
    client.force_login(cast.outsider)
    other = reverse("programmes:booking_reinstate",
                    kwargs={"slug": cast.other_programme.slug, "booking_id": booking.pk})

    assert client.post(other).status_code == 404

