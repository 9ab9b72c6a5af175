"""A 401 says how to authenticate (`WWW-Authenticate: Bearer`, RFC 6750)."""


def test_no_token_is_a_bearer_challenge(api_as, db):
    response = api_as().get("/api/v1/me")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="metascrum"'
    assert response.json() == {"detail": "A valid personal API token is required."}


def test_a_wrong_token_is_an_invalid_token_challenge(api_as, db):
    client = api_as()
    client.headers["Authorization"] = "Bearer msk_not-a-token"
    response = client.post("/api/v1/programmes/any/feedback", {"title": "x"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="metascrum", error="invalid_token"'


def test_a_valid_token_gets_no_challenge(api_as, cast):
    response = api_as(cast.member).get("/api/v1/me")
    assert response.status_code == 200 and "WWW-Authenticate" not in response
