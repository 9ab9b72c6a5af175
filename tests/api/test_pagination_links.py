"""A list says where its next page is, in the body (`next`) and in a `Link` header (RFC 8288),
keeping the filters; the last page has none."""

from urllib.parse import parse_qs, urlsplit

from tests import factories


def test_the_next_page_is_in_the_body_and_the_link_header(api_as, cast):
    for n in range(3):
        factories.TeamFactory(programme=cast.programme, name=f"Team {n}")
    client = api_as(cast.msm)
    response = client.get(f"/api/v1/programmes/{cast.programme.slug}/teams", limit=2,
                          mine="false")
    body = response.json()
    assert body["count"] == 5 and len(body["items"]) == 2
    assert response["Link"] == f'<{body["next"]}>; rel="next"'
    query = parse_qs(urlsplit(body["next"]).query)
    assert query == {"limit": ["2"], "offset": ["2"], "mine": ["false"]}
    second = client.get(urlsplit(body["next"]).path, **{k: v[0] for k, v in query.items()})
    assert [t["id"] for t in second.json()["items"]] != [t["id"] for t in body["items"]]


def test_the_last_page_has_no_next(api_as, cast):
    response = api_as(cast.msm).get(f"/api/v1/programmes/{cast.programme.slug}/teams",
                                    limit=2, offset=1)
    assert response.json()["count"] == 2 and response.json()["next"] is None
    assert "Link" not in response
