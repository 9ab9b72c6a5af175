"""ETags: a GET answers one with `Cache-Control: private, no-cache` and a 304 while it is current;
an update names the version it changes by `If-Match` (412 when stale) or in the body (428 when
neither)."""

import pytest

from ceremonies.models import DailyUpdate
from tests.ceremonies.updates import upcoming_meeting


@pytest.fixture
def meeting(cast):
    return upcoming_meeting(cast.programme)


def slot(cast):
    return f"/api/v1/programmes/{cast.programme.slug}/teams/{cast.team.pk}/update"


def put(client, url, data, **headers):
    return client.client.put(url, data, content_type="application/json",
                             headers={**client.headers, **headers})


@pytest.fixture
def posted(api_as, cast, meeting):
    client = api_as(cast.scrum_master)
    client.post(slot(cast), {"health": "green", "done": "Shipped"})
    return client


def test_a_get_has_an_etag_and_may_be_cached_privately(api_as, cast):
    response = api_as(cast.member).get(f"/api/v1/programmes/{cast.programme.slug}")
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 34
    assert response["Cache-Control"] == "private, no-cache"
    assert "Authorization" in response["Vary"]


def test_the_same_answer_has_the_same_etag_and_another_a_new_one(api_as, cast):
    client = api_as(cast.member)
    url = f"/api/v1/programmes/{cast.programme.slug}"
    first = client.get(url)["ETag"]
    assert client.get(url)["ETag"] == first
    cast.programme.description = "Changed"
    cast.programme.save()
    assert client.get(url)["ETag"] != first


def test_a_current_etag_gets_a_304_without_a_body(api_as, cast):
    client = api_as(cast.member)
    url = f"/api/v1/programmes/{cast.programme.slug}"
    tag = client.get(url)["ETag"]
    response = client.client.get(url, headers={**client.headers, "If-None-Match": tag})
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == tag and response["Cache-Control"] == "private, no-cache"
    stale = client.client.get(url, headers={**client.headers, "If-None-Match": '"old"'})
    assert stale.status_code == 200


def test_an_edit_with_the_current_etag_needs_no_version(posted, cast):
    tag = posted.get(slot(cast))["ETag"]
    response = put(posted, slot(cast), {"health": "green", "done": "Released"}, **{
        "If-Match": tag})
    assert response.status_code == 200 and response.json()["version"] == 2
    assert DailyUpdate.objects.get().done == "Released"


def test_a_stale_etag_is_a_412_and_changes_nothing(posted, api_as, cast):
    tag = posted.get(slot(cast))["ETag"]
    put(api_as(cast.msm), slot(cast), {"health": "green", "done": "By the MSM", "version": 1})
    response = put(posted, slot(cast), {"health": "green", "done": "Mine"}, **{"If-Match": tag})
    assert response.status_code == 412
    assert "changed since you read it" in response.json()["detail"]
    assert DailyUpdate.objects.get().done == "By the MSM"


def test_a_weak_or_unknown_etag_does_not_match(posted, cast):
    tag = posted.get(slot(cast))["ETag"]
    for sent in (f"W/{tag}", '"something else"', ""):
        response = put(posted, slot(cast), {"health": "green", "done": "Mine"},
                       **{"If-Match": sent})
        assert response.status_code == 412, sent
    assert DailyUpdate.objects.get().version == 1


def test_an_edit_without_version_or_etag_is_a_428(posted, cast):
    response = put(posted, slot(cast), {"health": "green", "done": "Mine"})
    assert response.status_code == 428
    assert DailyUpdate.objects.get().done == "Shipped"


def test_a_stale_version_in_the_body_is_still_a_409(posted, cast):
    put(posted, slot(cast), {"health": "green", "done": "Two", "version": 1})
    response = put(posted, slot(cast), {"health": "green", "done": "Three", "version": 1})
    assert response.status_code == 409
    assert response.json()["errors"]["version"] == ["The current version is 2."]


def test_a_body_that_breaks_the_honest_rule_is_a_400_before_the_precondition(posted, cast):
    response = put(posted, slot(cast), {"health": "red"}, **{"If-Match": '"stale"'})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"health_reason", "done"}
