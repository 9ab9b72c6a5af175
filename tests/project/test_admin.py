"""Every model registered in the Django admin opens its list and add pages."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import PersonFactory

OURS = {"programmes", "feedback", "ceremonies"}


def admin_pages():
    for model in admin.site._registry:
        meta = model._meta
        yield f"admin:{meta.app_label}_{meta.model_name}_changelist"
        if meta.app_label in OURS:
            yield f"admin:{meta.app_label}_{meta.model_name}_add"


@pytest.mark.parametrize("name", sorted(admin_pages()))
def test_admin_page_opens(client, cast, name):
    client.force_login(PersonFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse(name)).status_code == 200


def test_admin_is_closed_to_non_staff(client, cast):
    client.force_login(cast.msm)
    response = client.get(reverse("admin:programmes_programme_changelist"))
    assert response.status_code == 302
