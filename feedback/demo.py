"""Demo feedback for `programmes.demo`: loops in every state, some overdue, some closed."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from feedback import services
from programmes.models import ProgrammeRole


def _msm_of(programme):
    return ProgrammeRole.objects.filter(programme=programme,
                                        role=ProgrammeRole.Role.MSM).first().person


@transaction.atomic
def load(demo) -> None:
    """Create believable feedback in `demo` (a `programmes.demo.Demo`)."""
    now = timezone.now()
    days, hours = (lambda n: timedelta(days=n)), (lambda n: timedelta(hours=n))
    payments, cx = demo.programmes[1], demo.programmes[2]
    top, stakeholder = demo.msm, demo.people["stakeholder"]
    p_msm, cx_msm = _msm_of(payments), _msm_of(cx)
    pt = {t.slug: t for t in payments.teams.all()}
    ct = {t.slug: t for t in cx.teams.all()}
    sm = demo.people

    # Routed, never acknowledged: overdue, and proposed for escalation.
    services.impediment_raise(
        programme=payments, team=pt["ledger"], raised_by=sm["sm:ledger"],
        title="Shared test environment down", source="scrum-of-scrums",
        details="The SIT environment has failed every deploy since the database upgrade.",
        at=now - days(6))

    # Acknowledged, then escalated to the parent programme's MSM.
    item = services.impediment_raise(
        programme=payments, team=pt["card-gateway"], raised_by=sm["sm:card-gateway"],
        title="Card scheme certification slot not booked",
        details="We need a certification window before the pilot merchants go live.",
        at=now - days(2))
    services.feedback_acknowledge(item=item, by=p_msm, at=now - days(2) + hours(3))
    services.feedback_escalate(item=item, by=p_msm, at=now - days(1),
                               comment="Only the programme office can book scheme slots.")

    # Closed quickly: a whole loop with realistic times.
    item = services.feedback_raise(
        programme=payments, kind="risk", direction="up", origin_team=pt["fraud-shield"],
        raised_by=sm["sm:fraud-shield"], title="Fraud model retraining may miss the release",
        details="Labelled data from the pilot arrives late.", at=now - days(20))
    services.feedback_acknowledge(item=item, by=p_msm, at=now - days(20) + hours(2))
    services.feedback_answer(item=item, by=p_msm, at=now - days(19),
                             text="Data team delivers the labels by Thursday; release stays.")
    services.feedback_close(item=item, by=sm["sm:fraud-shield"], at=now - days(19) + hours(4))

    # Escalated all the way to the stakeholders, answered, waiting for its originator.
    item = services.feedback_raise(
        programme=payments, kind="question", direction="up", origin_team=pt["settlements"],
        raised_by=sm["sm:settlements"], title="Which bank do we settle with in Q3?",
        details="Two contracts are on the table; integration work differs a lot.",
        at=now - days(12))
    services.feedback_escalate(item=item, by=p_msm, at=now - days(11))
    services.feedback_escalate(item=item, by=top, at=now - days(10))
    services.feedback_acknowledge(item=item, by=stakeholder, at=now - days(8))
    services.feedback_answer(item=item, by=stakeholder, at=now - days(3),
                             text="Northbank: the contract was signed on Monday.")

    # An impediment with the stakeholders: "What is stopping us?".
    item = services.impediment_raise(
        programme=payments, team=pt["ledger"], raised_by=sm["sm:ledger"],
        title="Vendor contract for card tokenisation unsigned",
        details="Legal review has stalled for three weeks.", at=now - days(15))
    services.feedback_acknowledge(item=item, by=p_msm, at=now - days(15) + hours(5))
    services.feedback_escalate(item=item, by=p_msm, at=now - days(13))
    services.feedback_escalate(item=item, by=top, at=now - days(12),
                               comment="Needs a decision at the Steering Committee.")

    # A steering decision routed down to three teams; two have acknowledged.
    item = services.decision_route_down(
        programme=payments, by=stakeholder, title="Release freeze from 20 December to 6 January",
        details="No production releases over the holidays; hotfixes via the MSM.",
        teams=[pt["ledger"], pt["card-gateway"], pt["fraud-shield"]], at=now - days(1))
    services.feedback_acknowledge(item=item, by=sm["sm:ledger"], team=pt["ledger"],
                                  at=now - days(1) + hours(1))
    services.feedback_acknowledge(item=item, by=sm["sm:card-gateway"], team=pt["card-gateway"],
                                  at=now - days(1) + hours(4))

    # Customer Experience: a question acknowledged by the MSM.
    item = services.feedback_raise(
        programme=cx, kind="question", direction="up", origin_team=ct["onboarding"],
        raised_by=sm["sm:onboarding"], title="Can we reuse the identity check from Payments?",
        at=now - days(3))
    services.feedback_acknowledge(item=item, by=cx_msm, at=now - days(2))

    # A stakeholder request down to the MSM, just routed.
    services.feedback_raise(
        programme=cx, kind="request", direction="down", raised_by=demo.people["stakeholder"],
        title="Show the new checkout at the next review",
        details="The board wants to see it before approving the marketing budget.",
        at=now - hours(5))

    # A decision down to three teams, acknowledged by all and closed.
    item = services.decision_route_down(
        programme=cx, by=cx_msm, title="Adopt the shared design system", source="",
        teams=[ct["web-storefront"], ct["search-discovery"], ct["notifications"]],
        at=now - days(9))
    for n, slug in enumerate(["web-storefront", "search-discovery", "notifications"]):
        services.feedback_acknowledge(item=item, by=sm[f"sm:{slug}"], team=ct[slug],
                                      at=now - days(9) + hours(2 + 3 * n))
    services.feedback_close(item=item, by=cx_msm, at=now - days(7))

    # Closed, then reopened by its originator.
    item = services.impediment_raise(
        programme=cx, team=ct["mobile-app"], raised_by=sm["sm:mobile-app"],
        title="App store review keeps rejecting the build", at=now - days(8))
    services.feedback_acknowledge(item=item, by=cx_msm, at=now - days(8) + hours(1))
    services.feedback_answer(item=item, by=cx_msm, at=now - days(6),
                             text="Privacy labels updated; resubmitted.")
    services.feedback_close(item=item, by=sm["sm:mobile-app"], at=now - days(5))
    services.feedback_reopen(item=item, by=sm["sm:mobile-app"], at=now - days(4),
                             comment="Rejected again, this time for the login screen.")
