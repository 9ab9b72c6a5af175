"""The demo programme comes with shared resources, bookings and a conflict to coordinate."""

from programmes import demo
from programmes.models import Booking, Resource
from programmes.resources.selectors import resource_conflicts


def test_the_demo_has_resources_a_booking_and_conflicts(db, client):
    data = demo.load()
    train = next(p for p in data.programmes if p.name == "Payments Train")
    assert Resource.objects.filter(programme=train).count() == 4
    assert Booking.objects.filter(status="confirmed").count() == 2
    assert len(resource_conflicts(train, train.today())) == 2
    client.force_login(data.msm)
    for page in ("", "calendar/", "conflicts/"):
        response = client.get(f"/p/{train.slug}/resources/{page}")
        assert response.status_code == 200
        assert "Staging" in response.content.decode()


def test_loading_the_resources_twice_changes_nothing(db):
    data = demo.load()
    before = Booking.objects.count()
    demo.load_resources(data)
    assert Booking.objects.count() == before
