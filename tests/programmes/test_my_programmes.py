from django.urls import reverse


def test_it_lists_only_my_programmes(client, cast):
    client.force_login(cast.msm)
    response = client.get(reverse("programmes:mine"))
    names = [p.name for p in response.context["programmes"]]
    assert names == ["Payments"]


def test_the_parent_msm_sees_the_whole_tree(client, cast):
    client.force_login(cast.parent_msm)
    response = client.get(reverse("programmes:mine"))
    assert [p.name for p in response.context["programmes"]] == ["Northwind", "Payments"]


def test_someone_without_roles_is_told_what_to_do(client, db):
    from tests.factories import PersonFactory

    client.force_login(PersonFactory())
    response = client.get(reverse("programmes:mine"))
    assert "not in any programme yet" in response.content.decode()
