"""Pages show times in the person's zone; the zone ends with the response."""

import pytest
from django.urls import reverse
from django.utils import timezone


@pytest.mark.clock("2027-02-01T22:30:00+00:00")  # already 2 February in Tokyo
def test_the_persons_zone_does_not_outlive_their_request(cast, client):
    cast.msm.timezone = "Asia/Tokyo"
    cast.msm.save(update_fields=["timezone"])
    client.force_login(cast.msm)
    page = client.get(reverse("programmes:home", args=[cast.programme.slug]))
    assert page.status_code == 200
    assert timezone.get_current_timezone_name() == "UTC"
    assert timezone.localdate().isoformat() == "2027-02-01"
