"""An API operation announces that it goes away (RFC 9745 `Deprecation`, RFC 8594 `Sunset`),
declared beside the operation; on a throwaway django-ninja router."""

from datetime import UTC, date, datetime

import pytest

from metascrum.lib.deprecation import deprecation_headers

pytestmark = pytest.mark.urls("tests.lib.throwaway_api")

JAN_4 = int(datetime(2027, 1, 4, tzinfo=UTC).timestamp())
CHANGELOG = "https://metascrum.example/docs/API.md#changelog"


def test_a_deprecated_operation_says_since_when_and_until_when(client):
    response = client.get("/throwaway/old")

    assert response.status_code == 200 and response.json() == {"answer": 42}
    assert response["Deprecation"] == f"@{JAN_4}"
    assert response["Sunset"] == "Mon, 05 Jul 2027 00:00:00 GMT"
    assert response["Link"] == (f'<{CHANGELOG}>; rel="deprecation"; type="text/html", '
                                f'<{CHANGELOG}>; rel="sunset"')


def test_its_errors_say_it_too(client):
    response = client.get("/throwaway/old?fail=true")

    assert response.status_code == 404
    assert response["Deprecation"] == f"@{JAN_4}"
    assert response.has_header("Sunset")


def test_declared_over_the_route_it_works_the_same(client):
    response = client.get("/throwaway/older")

    assert response.json() == {"answer": 41}
    assert response["Deprecation"] == f"@{JAN_4 + 9 * 3600 + 30 * 60}"
    assert response["Sunset"] == "Mon, 05 Jul 2027 00:00:00 GMT"
    assert not response.has_header("Link")


def test_a_link_the_operation_sets_is_kept(client):
    response = client.get("/throwaway/paged")

    assert response["Link"].startswith('</paged?offset=50>; rel="next", ')
    assert f'<{CHANGELOG}>; rel="deprecation"' in response["Link"]


def test_other_operations_say_nothing(client):
    response = client.get("/throwaway/new")

    assert response.status_code == 200
    assert not response.has_header("Deprecation") and not response.has_header("Sunset")


def test_the_schema_marks_it_deprecated_and_says_when_it_goes(client):
    paths = client.get("/throwaway/openapi.json").json()["paths"]

    old = paths["/throwaway/old"]["get"]
    assert old["deprecated"] is True
    assert old["description"] == (
        "The old way.\n\nDeprecated since 2027-01-04; it stops answering on 2027-07-05. "
        f"See {CHANGELOG}.")
    assert paths["/throwaway/older"]["get"]["deprecated"] is True
    assert "deprecated" not in paths["/throwaway/new"]["get"]


def test_a_sunset_before_the_deprecation_is_refused():
    with pytest.raises(ValueError, match="after the deprecation"):
        deprecation_headers(since=date(2027, 7, 5), sunset=date(2027, 1, 4))


def test_a_moment_without_a_zone_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        deprecation_headers(since=datetime(2027, 1, 4, 9, 30), sunset=date(2027, 7, 5))
