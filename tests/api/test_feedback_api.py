"""Feedback loops over the API: the same rules as the pages, as JSON."""

from feedback import services
from feedback.models import FeedbackItem
from tests.feedback.helpers import raise_impediment

BASE = "/api/v1/programmes/payments/feedback"


def _raise(client, **body):
    return client.post(BASE, {"kind": "impediment", "title": "Test env down",
                              "direction": "up", **body})


# --- raising --------------------------------------------------------------------------------

def test_a_scrum_master_raises_an_impediment_for_the_team(api_as, cast):
    response = _raise(api_as(cast.scrum_master), origin_team_id=cast.team.pk,
                      details="Since 8:00")

    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "routed" and body["level"] == "programme"
    assert body["origin_team"] == "ledger" and body["raised_by"] == "Sam SM"
    assert [e["kind"] for e in body["thread"]] == ["raised", "routed"]
    assert body["may"]["close"] is False
    item = FeedbackItem.objects.get(pk=body["id"])
    assert item.source == "api" and item.details == "Since 8:00"


def test_the_msm_routes_a_decision_down_to_teams(api_as, cast):
    response = api_as(cast.msm).post(BASE, {
        "kind": "decision", "title": "Freeze on Friday", "direction": "down",
        "team_ids": [cast.team.pk, cast.other_team.pk]})

    assert response.status_code == 201
    assert sorted(a["team"] for a in response.json()["addressees"]) == ["card-gateway", "ledger"]


def test_a_member_must_say_which_team_raises(api_as, cast):
    response = _raise(api_as(cast.member))

    assert response.status_code == 422
    assert response.json()["detail"] == "Choose the team you raise this for."


def test_a_member_cannot_raise_for_another_team(api_as, cast):
    response = _raise(api_as(cast.member), origin_team_id=cast.other_team.pk)

    assert response.status_code == 403
    assert not FeedbackItem.objects.exists()


def test_a_team_of_another_programme_is_a_422_naming_the_field(api_as, cast):
    from tests.factories import TeamFactory

    elsewhere = TeamFactory(programme=cast.other_programme, name="Far")

    response = _raise(api_as(cast.msm), origin_team_id=elsewhere.pk)

    assert response.status_code == 422
    assert response.json()["errors"] == {"origin_team_id": ["No such team in this programme."]}


def test_missing_and_bad_fields_get_a_message_each(api_as, cast):
    response = api_as(cast.msm).post(BASE, {"kind": "gossip", "title": "x" * 201,
                                            "team_ids": [0]})

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"kind", "title", "direction", "team_ids.0"}


def test_a_nul_character_is_refused_not_stored(api_as, cast):
    response = _raise(api_as(cast.msm), title="bad\x00title")

    assert response.status_code == 400
    assert "title" in response.json()["errors"]


def test_an_outsider_cannot_raise_and_learns_nothing(api_as, cast):
    response = _raise(api_as(cast.outsider))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_raising_needs_a_token(api_as, cast):
    assert _raise(api_as()).status_code == 401


# --- reading --------------------------------------------------------------------------------

def test_it_reads_one_item_with_its_thread(api_as, cast):
    item = raise_impediment(cast)
    services.feedback_comment(item=item, by=cast.member, text="Still down")

    body = api_as(cast.msm).get(f"{BASE}/{item.pk}").json()

    assert body["title"] == "Test environment is down"
    assert [(e["kind"], e["actor"]) for e in body["thread"]][-1] == ("comment", "Ana Member")
    assert body["may"] == {"acknowledge": True, "answer": True, "close": False,
                           "reopen": False, "escalate": True, "comment": True}


def test_an_item_of_another_programme_is_a_404(api_as, cast):
    item = raise_impediment(cast)

    assert api_as(cast.outsider).get(f"{BASE}/{item.pk}").status_code == 404
    response = api_as(cast.outsider).get(f"/api/v1/programmes/elsewhere/feedback/{item.pk}")
    assert response.status_code == 404


def test_an_unknown_item_is_a_json_404(api_as, cast):
    response = api_as(cast.msm).get(f"{BASE}/999999")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_huge_item_id_is_a_400_not_a_crash(api_as, cast):
    assert api_as(cast.msm).get(f"{BASE}/99999999999999999999").status_code == 400


def test_it_lists_a_programmes_items_with_filters(api_as, cast):
    item = raise_impediment(cast)
    services.decision_route_down(programme=cast.programme, title="Freeze",
                                 teams=[cast.other_team], by=cast.msm)
    closed = raise_impediment(cast, title="Old")
    services.feedback_answer(item=closed, by=cast.msm, text="Fixed")
    services.feedback_close(item=closed, by=cast.scrum_master)
    client = api_as(cast.member)

    def titles(**params):
        return [i["title"] for i in client.get(BASE, **params).json()["items"]]

    assert titles() == ["Freeze", item.title]
    assert titles(kind="impediment") == [item.title]
    assert titles(direction="down") == ["Freeze"]
    assert titles(team=cast.other_team.pk) == ["Freeze"]
    assert titles(status="closed") == ["Old"]
    assert titles(status="any") == ["Freeze", "Old", item.title]
    assert client.get(BASE, limit=1).json()["count"] == 2


def test_a_parent_msm_sees_the_items_of_child_programmes(api_as, cast):
    raise_impediment(cast)

    body = api_as(cast.parent_msm).get("/api/v1/programmes/northwind/feedback").json()

    assert [(i["programme"], i["title"]) for i in body["items"]] == [
        ("payments", "Test environment is down")]


def test_a_bad_filter_is_a_400_with_the_field(api_as, cast):
    response = api_as(cast.msm).get(BASE, status="lost")

    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_my_inbox_has_both_halves(api_as, cast):
    item = raise_impediment(cast)
    decision = services.decision_route_down(programme=cast.programme, title="Freeze",
                                            teams=[cast.team], by=cast.msm)
    client = api_as(cast.scrum_master)

    mine = client.get("/api/v1/feedback").json()["items"]
    others = client.get("/api/v1/feedback", box="waiting_on_others").json()["items"]

    assert [i["id"] for i in mine] == [decision.pk]
    assert [i["id"] for i in others] == [item.pk]


def test_the_inbox_filters_by_programme_and_kind(api_as, cast):
    raise_impediment(cast)
    client = api_as(cast.msm)

    assert client.get("/api/v1/feedback", programme="payments").json()["count"] == 1
    assert client.get("/api/v1/feedback", programme="elsewhere").json()["count"] == 0
    assert client.get("/api/v1/feedback", kind="question").json()["count"] == 0


def test_an_outsiders_inbox_is_empty(api_as, cast):
    raise_impediment(cast)

    assert api_as(cast.outsider).get("/api/v1/feedback").json() == {"items": [], "count": 0,
                                                                     "next": None}


def test_the_list_query_count_is_flat(api_as, cast, django_assert_num_queries):
    for n in range(20):
        raise_impediment(cast, title=f"Blocker {n}")
    client = api_as(cast.msm)
    client.get("/api/v1/me")  # the token's first use stamps last_used_at
    # token, programme, 2 access, count, items, addressees
    with django_assert_num_queries(7):
        client.get(BASE, limit=100)


# --- the loop -------------------------------------------------------------------------------

def test_the_loop_closes_through_the_api(api_as, cast):
    item = raise_impediment(cast)
    msm, sm = api_as(cast.msm), api_as(cast.scrum_master)

    assert msm.post(f"{BASE}/{item.pk}/acknowledge", {}).json()["state"] == "acknowledged"
    answered = msm.post(f"{BASE}/{item.pk}/answer", {"text": "Rebooted"}).json()
    assert answered["state"] == "answered" and answered["answer"] == "Rebooted"
    closed = sm.post(f"{BASE}/{item.pk}/close", {"comment": "Thanks"})
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    reopened = sm.post(f"{BASE}/{item.pk}/reopen", {"comment": "Down again"})
    assert reopened.json()["state"] == "acknowledged"


def test_only_the_holder_acknowledges(api_as, cast):
    item = raise_impediment(cast)

    response = api_as(cast.stakeholder).post(f"{BASE}/{item.pk}/acknowledge", {})

    assert response.status_code == 403
    assert response.json() == {"detail": "Only the current holder acknowledges this item."}


def test_acknowledging_a_missing_item_is_a_404_whatever_the_team(api_as, cast):
    response = api_as(cast.msm).post(f"{BASE}/999999/acknowledge", {"team_id": 999999})

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_acknowledging_for_a_team_not_in_the_programme_is_a_422(api_as, cast):
    item = raise_impediment(cast)

    response = api_as(cast.msm).post(f"{BASE}/{item.pk}/acknowledge", {"team_id": 999999})

    assert response.status_code == 422
    assert response.json()["errors"] == {"team_id": ["No such team in this programme."]}


def test_acknowledging_twice_is_a_conflict(api_as, cast):
    item = raise_impediment(cast)
    client = api_as(cast.msm)
    client.post(f"{BASE}/{item.pk}/acknowledge", {})

    response = client.post(f"{BASE}/{item.pk}/acknowledge", {})

    assert response.status_code == 409
    assert response.json() == {"detail": "This item is already acknowledged."}


def test_a_team_acknowledges_a_decision_for_itself(api_as, cast):
    decision = services.decision_route_down(programme=cast.programme, title="Freeze",
                                            teams=[cast.team, cast.other_team], by=cast.msm)

    response = api_as(cast.member).post(f"{BASE}/{decision.pk}/acknowledge",
                                        {"team_id": cast.team.pk})
    refused = api_as(cast.member).post(f"{BASE}/{decision.pk}/acknowledge",
                                       {"team_id": cast.other_team.pk})

    assert response.status_code == 200
    assert [a["acknowledged_at"] is not None for a in response.json()["addressees"]] == [
        False, True]  # ordered by team name: Card Gateway, Ledger
    assert refused.status_code == 403


def test_an_empty_answer_is_a_field_error(api_as, cast):
    item = raise_impediment(cast)

    response = api_as(cast.msm).post(f"{BASE}/{item.pk}/answer", {"text": "   "})

    assert response.status_code == 400
    assert "text" in response.json()["errors"]


def test_only_the_originator_closes(api_as, cast):
    item = raise_impediment(cast)
    services.feedback_answer(item=item, by=cast.msm, text="Fixed")

    response = api_as(cast.msm).post(f"{BASE}/{item.pk}/close", {})

    assert response.status_code == 403


def test_closing_an_unanswered_item_is_a_conflict(api_as, cast):
    item = raise_impediment(cast)

    response = api_as(cast.scrum_master).post(f"{BASE}/{item.pk}/close", {})

    assert response.status_code == 409
    assert "no answer yet" in response.json()["detail"]


def test_reopening_needs_a_reason(api_as, cast):
    item = raise_impediment(cast)

    response = api_as(cast.scrum_master).post(f"{BASE}/{item.pk}/reopen", {})

    assert response.status_code == 400
    assert "comment" in response.json()["errors"]


def test_the_holder_escalates_and_anyone_inside_comments(api_as, cast):
    item = raise_impediment(cast)

    escalated = api_as(cast.msm).post(f"{BASE}/{item.pk}/escalate", {"comment": "Need budget"})
    commented = api_as(cast.member).post(f"{BASE}/{item.pk}/comments", {"text": "+1"})

    assert escalated.json()["level"] == "parent" and escalated.json()["holder"] == "northwind"
    assert commented.json()["thread"][-1]["text"] == "+1"


def test_the_holder_sends_an_item_straight_to_a_level_above(api_as, cast):
    item = raise_impediment(cast)
    offered = api_as(cast.msm).get(f"{BASE}/{item.pk}").json()["escalate_to"]

    response = api_as(cast.msm).post(f"{BASE}/{item.pk}/escalate", {
        "to": {"level": "stakeholders", "holder": "northwind"}, "comment": "Budget"})

    assert offered == [
        {"level": "stakeholders", "holder": "payments", "label": "Payments steering"},
        {"level": "parent", "holder": "northwind", "label": "Northwind MSM"},
        {"level": "stakeholders", "holder": "northwind", "label": "Northwind steering"}]
    body = response.json()
    assert response.status_code == 200
    assert (body["level"], body["holder"], body["holder_label"]) == (
        "stakeholders", "northwind", "Northwind steering")
    assert body["thread"][-1]["text"] == "To Northwind steering — Budget"


def test_only_the_holder_is_offered_levels_to_escalate_to(api_as, cast):
    item = raise_impediment(cast)

    body = api_as(cast.scrum_master).get(f"{BASE}/{item.pk}").json()

    assert body["escalate_to"] == [] and body["may"]["escalate"] is False
    assert body["holder_label"] == "Payments MSM"


def test_a_level_that_is_not_above_the_item_is_a_422(api_as, cast):
    item = raise_impediment(cast)
    services.feedback_escalate(item=item, by=cast.msm)  # with Northwind MSM now

    for to in ({"level": "programme", "holder": "payments"},
               {"level": "parent", "holder": "northwind"},
               {"level": "stakeholders", "holder": "elsewhere"},
               {"level": "parent", "holder": "no-such-programme"}):
        response = api_as(cast.parent_msm).post(f"{BASE}/{item.pk}/escalate", {"to": to})
        assert response.status_code == 422, to  # it follows the schema, names no level above
        assert "not a level above this item, which is with Northwind MSM: choose Northwind " \
               "steering." in response.json()["detail"]
    item.refresh_from_db()
    assert item.level == "parent"


def test_a_level_of_an_item_someone_else_holds_is_a_403(api_as, cast):
    item = raise_impediment(cast)

    response = api_as(cast.scrum_master).post(f"{BASE}/{item.pk}/escalate", {
        "to": {"level": "stakeholders", "holder": "northwind"}})

    assert response.status_code == 403
    assert FeedbackItem.objects.get(pk=item.pk).level == "programme"


def test_outsiders_cannot_act_on_an_item(api_as, cast):
    item = raise_impediment(cast)

    for action, body in [("acknowledge", {}), ("answer", {"text": "x"}), ("close", {}),
                         ("reopen", {"comment": "x"}), ("escalate", {}),
                         ("comments", {"text": "x"})]:
        response = api_as(cast.outsider).post(f"{BASE}/{item.pk}/{action}", body)
        assert response.status_code == 404, action
    item.refresh_from_db()
    assert item.state == "routed"
