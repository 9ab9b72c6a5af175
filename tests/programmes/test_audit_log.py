import pytest
from django.urls import reverse

from programmes.models import AuditEntry
from tests import factories


def url(programme):
    return reverse("programmes:audit", kwargs={"slug": programme.slug})


def test_creating_a_team_is_recorded_with_its_author(client, cast):
    client.force_login(cast.msm)
    client.post(reverse("programmes:team_new", kwargs={"slug": cast.programme.slug}),
                {"name": "Refunds"})
    entry = AuditEntry.objects.get(action="team.create")
    assert (entry.actor, entry.programme, entry.summary) == (
        cast.msm, cast.programme, "Created team Refunds")


def test_an_edit_records_old_and_new_values(client, cast):
    client.force_login(cast.msm)
    client.post(reverse("programmes:team_edit", kwargs={"slug": cast.programme.slug,
                                                        "team_slug": cast.team.slug}),
                {"name": "General Ledger", "description": ""})
    entry = AuditEntry.objects.get(action="team.update")
    assert entry.changes == {"name": ["Ledger", "General Ledger"]}


def test_role_changes_are_recorded(client, cast):
    client.force_login(cast.msm)
    client.post(reverse("programmes:people", kwargs={"slug": cast.programme.slug}),
                {"email": cast.member.email, "role": "stakeholder"})
    assert AuditEntry.objects.filter(action="role.add", actor=cast.msm).exists()


def test_the_msm_reads_the_log(client, cast):
    client.force_login(cast.msm)
    client.post(reverse("programmes:team_new", kwargs={"slug": cast.programme.slug}),
                {"name": "Refunds"})
    response = client.get(url(cast.programme))
    assert "Created team Refunds" in response.content.decode()
    assert "Maya MSM" in response.content.decode()


def test_the_parent_msm_sees_the_childrens_changes(client, cast):
    factories.TeamFactory(programme=cast.programme)
    from programmes.audit import audit_record

    audit_record(programme=cast.programme, actor=cast.msm, action="x", obj=cast.team,
                 summary="Something in the child")
    client.force_login(cast.parent_msm)
    assert "Something in the child" in client.get(url(cast.parent)).content.decode()


@pytest.mark.parametrize("who", ["scrum_master", "stakeholder", "member"])
def test_others_in_the_programme_may_not_read_it(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(url(cast.programme)).status_code == 403


@pytest.mark.parametrize("entries", [3, 60])
def test_its_query_count_is_flat(client, cast, entries, django_assert_num_queries):
    from programmes.audit import audit_record

    for n in range(entries):
        audit_record(programme=cast.programme, actor=cast.msm, action="x", obj=cast.team,
                     summary=f"change {n}")
    client.force_login(cast.msm)
    # session, user, programme, 2 access, count, page of entries, inbox badge
    with django_assert_num_queries(9):
        client.get(url(cast.programme))
