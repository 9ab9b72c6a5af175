"""Many confirmations of overlapping requests of one resource at once: exactly one booking.

Each thread has its own database connection and confirms a different request; they all pass
the service's clash check at the same moment, so PostgreSQL's exclusion constraint decides,
and every loser gets the same clear refusal as a sequential double booking would.
"""

import threading

import pytest
from django.db import connection, connections

from programmes.models import Booking
from programmes.resources import services as bookings
from tests.factories import TeamFactory, make_scrum_master
from tests.programmes.resources import ask, make_env

RACERS = 10


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs the exclusion constraint")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_confirmations_of_overlapping_requests_yield_one_booking(cast):
    env = make_env(cast)
    requests = []
    for n in range(RACERS):
        team = TeamFactory(programme=cast.programme, name=f"Racer {n}")
        requests.append(ask(env, team, make_scrum_master(team), starts_in=24 + n % 3, hours=4))
    barrier = threading.Barrier(RACERS)
    outcomes, escaped = [], []

    def confirm(booking):
        try:
            barrier.wait()
            bookings.booking_confirm(booking=booking, by=cast.msm)
            outcomes.append("confirmed")
        except bookings.BookingError as refused:
            outcomes.append((refused.status, str(refused)))
        except Exception as error:  # noqa: BLE001 - the test is that nothing else escapes
            escaped.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(b,)) for b in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert escaped == []
    assert outcomes.count("confirmed") == 1
    refusals = [o for o in outcomes if o != "confirmed"]
    assert len(refusals) == RACERS - 1
    assert all(status == 409 and "is already booked by Racer" in text
               for status, text in refusals)
    assert Booking.objects.filter(resource=env, status="confirmed").count() == 1
    assert Booking.objects.filter(resource=env, status="requested").count() == RACERS - 1
