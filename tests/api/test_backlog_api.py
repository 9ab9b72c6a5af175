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


def test_the_msm_writes_an_items_definition_of_done(api_as, cast):
    item, = raised(cast, "Test env down")
    client = api_as(cast.msm)
    written = client.post(path(cast, f"/{item.pk}/definition-of-done"),
                          {"definition_of_done": "  Up for a whole week  "})
    assert written.status_code == 200
    assert written.json()["definition_of_done"] == "Up for a whole week"
    listed = client.get(path(cast)).json()["items"]
    assert [i["definition_of_done"] for i in listed] == ["Up for a whole week"]


def test_an_empty_definition_of_done_clears_it(api_as, cast):
    item, = raised(cast, "Test env down")
    client = api_as(cast.msm)
    client.post(path(cast, f"/{item.pk}/definition-of-done"), {"definition_of_done": "Up"})
    cleared = client.post(path(cast, f"/{item.pk}/definition-of-done"), {})
    assert cleared.json()["definition_of_done"] == ""


def test_a_scrum_master_may_not_write_the_definition_of_done(api_as, cast):
    item, = raised(cast, "Test env down")
    response = api_as(cast.scrum_master).post(path(cast, f"/{item.pk}/definition-of-done"),
                                              {"definition_of_done": "Mine"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.definition_of_done == ""


def test_a_definition_of_done_too_long_is_refused_and_nothing_is_saved(api_as, cast):
    item, = raised(cast, "Test env down")
    response = api_as(cast.msm).post(path(cast, f"/{item.pk}/definition-of-done"),
                                     {"definition_of_done": "x" * 301})
    assert response.status_code == 400 and "definition_of_done" in response.json()["errors"]
    item.refresh_from_db()
    assert item.definition_of_done == ""


def test_an_item_of_another_backlog_is_not_found(api_as, cast):
    item, = raised(cast, "Test env down")
    response = api_as(cast.outsider).post(
        f"/api/v1/programmes/{cast.other_programme.slug}/backlog/{item.pk}/definition-of-done",
        {"definition_of_done": "Theirs"})
    assert response.status_code == 404
