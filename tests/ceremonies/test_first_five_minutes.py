"""The README's "first five minutes" hold on the demo `make run` loads: each role finds what
the README says it finds, where it says."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from ceremonies.models import Meeting
from programmes.models import Person


@pytest.fixture
def as_person(db, client):
    call_command("load_demo", stdout=StringIO())

    def get(email, path):
        client.force_login(Person.objects.get(email=email))
        html = client.get(path).content.decode()
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.replace("&#x27;", "'")))
    return get


def test_the_meta_scrum_master(as_person):
    inbox = as_person("priya@example.com", "/inbox/")
    assert re.search(r"Waiting for me .*Shared test environment down Up · from Ledger .* "
                     r"Payments Train MSM Routed Overdue since", inbox)
    item = Person.objects.get(email="sam@example.com").feedback_raised.get(
        title="Shared test environment down")
    page = as_person("priya@example.com", item.get_absolute_url())
    assert ("Send it to Payments Train steering Northwind Digital MSM Northwind Digital "
            "steering") in page
    today = as_person("priya@example.com", reverse("ceremonies:today", args=["payments-train"]))
    assert "No update yet (1 of 4 teams): Settlements" in today
    conflicts = as_person("priya@example.com",
                          reverse("programmes:booking_conflicts", args=["payments-train"]))
    assert re.search(r"Staging .*· Card Gateway, Ledger Already booked by Ledger", conflicts)
    assert re.search(r"Release Thu .*· Card Gateway, Ledger", conflicts)


def test_the_meetings_of_the_meta_scrum_master(as_person):
    meetings = as_person("priya@example.com", reverse("ceremonies:meetings",
                                                      args=["payments-train"]))
    upcoming, history = meetings.split(" History ")
    assert "09:30 Scrum of Scrums 15 min Scheduled" in upcoming
    assert "Scrum of Scrums Ended" in history
    held = Meeting.objects.get(programme__slug="payments-train", state=Meeting.State.ENDED)
    assert held.decisions.count() == 1 and held.actions.count() == 1


def test_the_scrum_masters(as_person):
    today = as_person("sam@example.com", reverse("ceremonies:today", args=["payments-train"]))
    assert "Edit Ledger's update" in today
    other = as_person("raj@example.com",
                      reverse("ceremonies:today", args=["customer-experience-train"]))
    assert "Post Mobile App's update" in other
    inbox = as_person("sam@example.com", "/inbox/").split(" Waiting on others ")[1]
    assert "Shared test environment down Up · from Ledger · Payments Train Impediment " \
           "Payments Train MSM" in inbox
    assert "Vendor contract for card tokenisation unsigned Up · from Ledger · Payments Train " \
           "Impediment Northwind Digital steering" in inbox


def test_the_team_member(as_person):
    brownbag = as_person("ana@example.com", reverse("ceremonies:brownbag",
                                                    args=["payments-train"]))
    talks = brownbag.split("Talks, most-voted first")[1]
    assert talks.strip().startswith("Idempotent payment retries")
    register = as_person("ana@example.com",
                         reverse("ceremonies:register", args=["payments-train"]) + "?q=retries")
    assert re.search(r"Safe retries of payment requests .* Used by Onboarding, Settlements",
                     register)


def test_the_stakeholder(as_person):
    inbox = as_person("helen@example.com", "/inbox/")
    for_me, on_others = inbox.split(" Waiting on others ")
    assert "Vendor contract for card tokenisation unsigned Up · from Ledger · Payments Train " \
           "Impediment Northwind Digital steering Routed" in for_me
    assert re.search(r"Release freeze from 20 December to 6 January .* Card Gateway, Fraud "
                     r"Shield, Ledger Card Gateway ✓ acknowledged Ledger ✓ acknowledged Routed",
                     on_others)
    steering = as_person("helen@example.com", reverse("ceremonies:steering",
                                                      args=["northwind"]))
    assert "Review the pack" in steering
    assert re.search(r"Frozen packs: \d+ \w+ \d{4} · \d+ \w+ \d{4} ", steering)
