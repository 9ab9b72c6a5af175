"""An objective's owner is picked by searching the programme's people (the MSM's form)."""

from datetime import date

from django.urls import reverse

from ceremonies.models import Objective
from tests.programmes.pickers import member_named, pick


def new_url(cast):
    return reverse("ceremonies:objective_new", kwargs={"slug": cast.programme.slug})


def test_the_form_shows_a_search_box_not_everyone(client, cast):
    client.force_login(cast.msm)
    html = client.get(new_url(cast)).content.decode()
    assert 'role="combobox"' in html and "pick/objective-owner/" in html
    assert "Ana Member" not in html and "<option value=\"" + str(cast.member.pk) not in html


def test_the_search_offers_who_the_form_accepts(client, cast):
    member_named(cast.team, "Priya Shah")
    client.force_login(cast.msm)
    priya = pick(client, cast.programme, "objective-owner", "priya").json()["results"][0]
    client.post(new_url(cast), {"title": "Instant payouts", "target_date": "2027-03-31",
                                "status": "on_track", "progress": "0", "description": "",
                                "owner": priya["value"], "owner__text": priya["label"]})
    assert Objective.objects.get().owner.name == "Priya Shah"


def test_without_javascript_the_owner_is_named_by_email(client, cast):
    client.force_login(cast.msm)
    client.post(new_url(cast), {"title": "Instant payouts", "target_date": "2027-03-31",
                                "status": "on_track", "progress": "0", "description": "",
                                "owner__text": cast.stakeholder.email})
    objective = Objective.objects.get()
    assert objective.owner == cast.stakeholder and objective.target_date == date(2027, 3, 31)


def test_an_objective_may_have_no_owner(client, cast):
    client.force_login(cast.msm)
    client.post(new_url(cast), {"title": "Instant payouts", "target_date": "2027-03-31",
                                "status": "on_track", "progress": "0", "owner__text": ""})
    assert Objective.objects.get().owner is None

