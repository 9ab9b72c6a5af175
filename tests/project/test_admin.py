"""Every model registered in the Django admin opens its list and add pages."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import PersonFactory

OURS = {"programmes", "feedback", "ceremonies"}


def _superuser_request():
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = type("Superuser", (), {"is_active": True, "is_staff": True,
                                          "is_superuser": True, "has_perm": lambda *a: True})()
    return request


def admin_pages():
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        yield f"admin:{meta.app_label}_{meta.model_name}_changelist"
        if meta.app_label in OURS and model_admin.has_add_permission(_superuser_request()):
            yield f"admin:{meta.app_label}_{meta.model_name}_add"


@pytest.mark.parametrize("name", sorted(admin_pages()))
def test_admin_page_opens(client, cast, name):
    client.force_login(PersonFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse(name)).status_code == 200


def test_admin_is_closed_to_non_staff(client, cast):
    client.force_login(cast.msm)
    response = client.get(reverse("admin:programmes_programme_changelist"))
    assert response.status_code == 302


def test_a_team_with_raised_feedback_is_kept_not_a_500(client, cast):
    from feedback.services import impediment_raise
    from programmes.models import Team

    impediment_raise(programme=cast.programme, team=cast.team, raised_by=cast.scrum_master,
                     title="Flaky staging")
    client.force_login(PersonFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:programmes_team_delete", args=[cast.team.pk])
    page = client.get(url)
    assert page.status_code == 200 and "would require deleting" in page.content.decode()
    client.post(url, {"post": "yes"})
    assert Team.objects.filter(pk=cast.team.pk).exists()


def test_deleting_a_programme_takes_its_teams_and_their_feedback(cast):
    from feedback.models import FeedbackItem
    from feedback.services import impediment_raise

    impediment_raise(programme=cast.programme, team=cast.team, raised_by=cast.scrum_master,
                     title="Flaky staging")
    cast.other_programme.delete()
    cast.programme.delete()
    assert not FeedbackItem.objects.exists()
