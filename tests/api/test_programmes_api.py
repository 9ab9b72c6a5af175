from tests.factories import TeamFactory


def test_it_needs_a_token(api_as, cast):
    response = api_as().get("/api/v1/programmes")
    assert response.status_code == 401
    assert response.json() == {"detail": "A valid personal API token is required."}


def test_a_wrong_token_is_refused(api_as, cast):
    client = api_as()
    client.headers["Authorization"] = "Bearer msk_not-a-real-token"
    assert client.get("/api/v1/me").status_code == 401


def test_it_says_who_the_token_belongs_to(api_as, cast):
    assert api_as(cast.member).get("/api/v1/me").json()["email"] == cast.member.email


def test_it_lists_only_my_programmes_paginated(api_as, cast):
    body = api_as(cast.parent_msm).get("/api/v1/programmes", limit=1).json()
    assert body["count"] == 2
    assert [p["slug"] for p in body["items"]] == ["northwind"]
    outsider = api_as(cast.outsider).get("/api/v1/programmes").json()
    assert [p["slug"] for p in outsider["items"]] == ["elsewhere"]


def test_it_lists_a_programmes_teams_with_my_role(api_as, cast):
    body = api_as(cast.scrum_master).get("/api/v1/programmes/payments/teams").json()
    rows = {t["slug"]: t for t in body["items"]}
    assert rows["ledger"]["my_role"] == "scrum_master"
    assert rows["ledger"]["scrum_master"] == cast.scrum_master.email
    assert rows["card-gateway"]["my_role"] is None


def test_it_filters_to_my_teams(api_as, cast):
    body = api_as(cast.scrum_master).get("/api/v1/programmes/payments/teams", mine="true").json()
    assert [t["slug"] for t in body["items"]] == ["ledger"]


def test_another_programme_is_a_404_in_json(api_as, cast):
    response = api_as(cast.outsider).get("/api/v1/programmes/payments/teams")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert response["Content-Type"].startswith("application/json")


def test_bad_parameters_are_a_400_with_field_messages(api_as, cast):
    response = api_as(cast.msm).get("/api/v1/programmes", limit="lots")
    assert response.status_code == 400
    assert "limit" in response.json()["errors"]


def test_the_teams_query_count_is_flat(api_as, cast, django_assert_num_queries):
    for n in range(30):
        TeamFactory(programme=cast.programme, name=f"Extra {n}")
    client = api_as(cast.msm)
    client.get("/api/v1/me")  # the token's first use stamps last_used_at
    # token, programme, 2 access, count, teams, scrum masters
    with django_assert_num_queries(7):
        client.get("/api/v1/programmes/payments/teams", limit=100)


def test_the_openapi_document_is_served(api_as, db):
    doc = api_as().get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert "/api/v1/programmes/{slug}/teams" in doc["paths"]
    assert doc["components"]["securitySchemes"]["PersonalToken"]["scheme"] == "bearer"


def test_huge_paging_numbers_are_a_400_not_a_crash(api_as, cast):
    client = api_as(cast.msm)
    assert client.get("/api/v1/programmes", limit=10**20).status_code == 400
    assert client.get("/api/v1/programmes", offset=10**20).status_code == 400
    assert client.get("/api/v1/programmes", limit=201).status_code == 400


def test_a_nul_byte_in_a_programme_slug_is_a_404_not_a_crash(api_as, cast):
    client = api_as(cast.msm)
    for path in ("/api/v1/programmes/%00", "/api/v1/programmes/pay%00ments/teams",
                 "/api/v1/programmes/%00/feedback", "/api/v1/programmes/%00/meetings"):
        assert client.get(path).status_code == 404, path
