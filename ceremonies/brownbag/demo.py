"""Demo Brown Bag talks, votes and solved-first entries for `programmes.demo`.

`load()` is idempotent (it does nothing when the demo programmes already have talks) and
uses only the services, so it runs the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from ceremonies.brownbag import register
from ceremonies.brownbag import services as brownbag
from ceremonies.models import Talk
from programmes import demo as programmes_demo
from programmes.models import Person, Programme, ProgrammeRole

TALKS = {  # programme name → (team, speaker's email, title, kind, minutes, summary, voters)
    "Payments Train": [
        ("Ledger", "ana@example.com", "Idempotent payment retries", Talk.Kind.SOLVED_FIRST,
         15, "How an idempotency key per request made every retry safe.",
         ["ben", "dev", "eva", "gita", "jon", "kira"]),
        ("Card Gateway", "dev@example.com", "3-D Secure 2 in the checkout", Talk.Kind.DEMO, 10,
         "A live run through the new challenge flow.", ["ana", "felix", "hugo"]),
        ("Fraud Shield", "gita@example.com", "What Fraud Shield is up to", Talk.Kind.UP_TO, 10,
         "Retraining the model on pilot data; what we need from the other teams.", ["jon"]),
        ("Settlements", "jon@example.com", "Nightly reconciliation without tears",
         Talk.Kind.SOLVED_FIRST, 20, "Reports that reconcile every night, and how we test "
         "them.", ["ana", "kira", "liam", "eva"]),
    ],
    "Customer Experience Train": [
        ("Onboarding", "mateo@example.com", "Single sign-on for partners",
         Talk.Kind.SOLVED_FIRST, 15, "OIDC with the partners' identity providers.",
         ["paula", "theo", "wen", "aaron"]),
        ("Search & Discovery", "wen@example.com", "Search in under 200 ms", Talk.Kind.DEMO, 10,
         "Before and after, on production data.", ["nora", "uma"]),
    ],
}

ENTRIES = {  # programme name → (team, recorder's email, problem, tags, days ago, write-up,
    #                            talk title or "", reusing teams)
    "Payments Train": [
        ("Ledger", "ana@example.com", "Safe retries of payment requests",
         "idempotency, payments, retries", 20,
         "Every request carries an idempotency key; the ledger stores the key and the "
         "response for 24 hours and answers a retry with the stored response. Duplicate "
         "charges went to zero.", "Idempotent payment retries", ["Settlements", "Onboarding"]),
        ("Card Gateway", "dev@example.com", "Feature flags per merchant",
         "feature flags, rollout", 45,
         "One flag service with per-merchant targeting and a kill switch; flags expire after "
         "two sprints so they do not pile up.", "", ["Mobile App", "Web Storefront",
                                                     "Fraud Shield"]),
    ],
    "Customer Experience Train": [
        ("Onboarding", "mateo@example.com", "Authentication with partners' identity providers",
         "authentication, oidc, sso", 30,
         "OpenID Connect with each partner's IdP, short-lived tokens, and a shared login "
         "library every web team can use.", "Single sign-on for partners",
         ["Web Storefront", "Card Gateway"]),
        ("Notifications", "aaron@example.com", "Push notifications that respect quiet hours",
         "notifications, time zones", 10,
         "We store each customer's time zone and hold messages in an outbox until their "
         "quiet hours end.", "", []),
    ],
}


def _programmes() -> dict[str, Programme]:
    parent = Programme.objects.filter(slug=programmes_demo.PARENT_SLUG).first()
    if parent is None:
        return {}
    return {p.name: p for p in parent.children.all()}


def _person(handle: str) -> Person | None:
    email = handle if "@" in handle else f"{handle}@example.com"
    return Person.objects.filter(email=email).first()


@transaction.atomic
def load(demo=None) -> None:
    """Talks with votes for the current sprint's call, and register entries with reuses."""
    programmes = _programmes()
    if not programmes or Talk.objects.filter(programme__in=programmes.values()).exists():
        return
    all_teams = {t.name: t for p in programmes.values() for t in p.teams.all()}
    talks = {}
    for name, rows in TALKS.items():
        programme = programmes.get(name)
        if programme is None:
            continue
        call = brownbag.current_call(programme)
        at = call.opens_at + (call.closes_at - call.opens_at) / 4  # inside the call
        for team, speaker, title, kind, minutes, summary, voters in rows:
            talk = brownbag.talk_propose(programme=programme, by=_person(speaker),
                                         team=all_teams[team], title=title, kind=kind,
                                         minutes=minutes, summary=summary, at=at)
            talks[title] = talk
            for voter in filter(None, map(_person, voters)):
                brownbag.talk_vote(talk=talk, by=voter, vote=True, at=at)
    for name, rows in ENTRIES.items():
        programme = programmes.get(name)
        if programme is None:
            continue
        msm = ProgrammeRole.objects.filter(programme=programme,
                                           role=ProgrammeRole.Role.MSM).first().person
        for team, recorder, problem, tags, days_ago, write_up, talk, reused_by in rows:
            entry = register.register_record(
                team=all_teams[team], by=_person(recorder) or msm, problem=problem, tags=tags,
                solved_on=programme.today() - timedelta(days=days_ago), write_up=write_up,
                talk=talks.get(talk))
            for other in reused_by:
                reusing = all_teams[other]
                register.register_reuse(entry=entry, team=reusing, by=_reuser(reusing))


def _reuser(team) -> Person:
    """The team's Scrum Master says it (the MSM of the team's programme if it has none)."""
    membership = team.memberships.select_related("person").order_by("-role").first()
    if membership is not None:
        return membership.person
    return ProgrammeRole.objects.filter(programme=team.programme_id).first().person
