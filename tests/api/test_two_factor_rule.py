"""A programme that requires two-factor authentication refuses the API token of a person who
has not turned it on, as its pages refuse their session; other programmes are not affected."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.socialaccount.models import SocialAccount

from programmes.identity.twofactor import enrol, new_secret
from programmes.models import ProgrammeRole
from tests.factories import ProgrammeFactory

BASE = "/api/v1/programmes/{slug}"


def code_for(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def require_two_factor(programme):
    programme.require_two_factor = True
    programme.save(update_fields=["require_two_factor"])


def test_a_token_without_two_factor_is_refused_in_such_a_programme(api_as, cast):
    require_two_factor(cast.programme)

    response = api_as(cast.scrum_master).get(BASE.format(slug=cast.programme.slug))

    assert response.status_code == 403
    assert "requires two-factor authentication" in response.json()["detail"]


def test_a_token_of_a_person_with_two_factor_on_is_let_in(api_as, cast):
    require_two_factor(cast.programme)
    secret = new_secret()
    enrol(cast.scrum_master, secret, code_for(secret))

    assert api_as(cast.scrum_master).get(BASE.format(slug=cast.programme.slug)).status_code == 200


def test_a_token_of_a_person_who_signs_on_through_the_provider_is_let_in(api_as, cast):
    require_two_factor(cast.programme)
    SocialAccount.objects.create(user=cast.scrum_master, provider="example", uid="sam")

    assert api_as(cast.scrum_master).get(BASE.format(slug=cast.programme.slug)).status_code == 200


def test_the_rule_binds_only_its_own_programme(api_as, cast):
    require_two_factor(cast.programme)
    elsewhere = ProgrammeFactory(name="Far Away Programme")
    ProgrammeRole.objects.create(programme=elsewhere, person=cast.scrum_master,
                                 role=ProgrammeRole.Role.MSM)
    client = api_as(cast.scrum_master)

    assert client.get(BASE.format(slug=elsewhere.slug)).status_code == 200
    assert client.get("/api/v1/me").status_code == 200
