"""The API's rate limits: per token, and per address for requests without a valid token;
past a limit, 429 in the API's JSON error shape with Retry-After."""

import pytest
from django.core.cache import cache

from programmes.models import Person

ME = "/api/v1/me"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.API_RATE_PER_TOKEN = "5/min"
    settings.API_RATE_PER_ADDRESS = "3/min"
    cache.clear()
    yield
    cache.clear()


def test_the_limit_plus_first_request_of_a_token_is_429_with_retry_after(api_as, cast):
    client = api_as(cast.member)
    assert [client.get(ME).status_code for _ in range(5)] == [200] * 5
    response = client.get(ME)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json() == {
        "detail": f"Too many requests: try again in {response['Retry-After']} seconds."}


def test_another_token_is_not_slowed_by_a_burst(api_as, cast):
    bursting = api_as(cast.member)
    for _ in range(6):
        bursting.get(ME)
    assert bursting.get(ME).status_code == 429
    assert api_as(cast.msm).get(ME).status_code == 200
    second_token_same_person = api_as(cast.member)
    assert second_token_same_person.get(ME).status_code == 200


def test_requests_without_a_valid_token_are_limited_per_address(api_as):
    guesser = api_as()
    guesser.headers["Authorization"] = "Bearer msk_guess"
    assert [guesser.get(ME).status_code for _ in range(3)] == [401] * 3
    response = guesser.get(ME)
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1


def test_a_valid_token_from_that_address_is_not_slowed_by_the_guesses(api_as, cast):
    guesser = api_as()
    for _ in range(5):
        guesser.get(ME)
    assert api_as(cast.member).get(ME).status_code == 200


def test_the_limit_comes_back_after_the_period(api_as, cast, settings, time_machine):
    settings.API_RATE_PER_TOKEN = "2/s"
    client = api_as(cast.member)
    time_machine.move_to("2027-03-01T09:00:00+00:00", tick=False)
    assert [client.get(ME).status_code for _ in range(3)] == [200, 200, 429]
    time_machine.move_to("2027-03-01T09:00:01.5+00:00", tick=False)
    assert client.get(ME).status_code == 200


def test_a_deactivated_persons_token_is_refused(api_as, cast):
    client = api_as(cast.member)
    Person.objects.filter(pk=cast.member.pk).update(is_active=False)
    assert client.get(ME).status_code == 401
