"""The impediment backlog API: read it in order, move an item (MSM only), set a risk's ROAM
state with its history."""

from tests.feedback.backlog import raised


def path(cast, tail=""):
    return f"/api/v1/programmes/{cast.programme.slug}/backlog{tail}"


def test_the_msm_moves_an_item_to_the_top(api_as, cast):
    a, b = raised(cast, "A", "B")
    client = api_as(cast.msm)
    assert [i["title"] for i in client.get(path(cast)).json()["items"]] == ["A", "B"]
    moved = client.post(path(cast, f"/{b.pk}/move"), {"position": 1})
    assert moved.status_code == 200
    assert [(i["title"], i["position"]) for i in moved.json()["items"]] == [("B", 1), ("A", 2)]


def test_a_scrum_master_may_not_order_it(api_as, cast):
    a, _ = raised(cast, "A", "B")
    response = api_as(cast.scrum_master).post(path(cast, f"/{a.pk}/move"),
                                              {"direction": "down"})
    assert response.status_code == 403


def test_a_move_without_direction_or_position_is_unprocessable(api_as, cast):
    a, = raised(cast, "A")
    assert api_as(cast.msm).post(path(cast, f"/{a.pk}/move"), {}).status_code == 422


def test_a_risks_roam_changes_are_kept(api_as, cast):
    risk, = raised(cast, "Scheme deadline", kind="risk")
    client = api_as(cast.msm)
    client.post(path(cast, f"/{risk.pk}/roam"), {"roam": "owned", "note": "Maya"})
    body = client.post(path(cast, f"/{risk.pk}/roam"), {"roam": "mitigated"}).json()
    assert body["roam"] == "mitigated"
    assert [(c["from_state"], c["to_state"]) for c in body["roam_history"]] == [
        ("", "owned"), ("owned", "mitigated")]
