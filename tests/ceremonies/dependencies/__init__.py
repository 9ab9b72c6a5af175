"""Helpers of the dependency tests: a requested dependency between the cast's two teams."""

from datetime import date, timedelta

from ceremonies.dependencies import services as deps
from programmes.models import Notification, WebhookSubscription


def requested(cast, what="Card API v2", needed_by: date | None = None):
    """Ledger (Sam SM) asks Card Gateway (Kenji SM) for `what`."""
    return deps.dependency_request(
        needing_team=cast.team, by=cast.scrum_master,
        need=deps.Need(providing_team=cast.other_team, what=what,
                       needed_by=needed_by or cast.programme.today() + timedelta(days=20)))


def accepted(cast, committed: date, what="Card API v2"):
    """Requested, then accepted by Card Gateway for `committed`, stored as is, so that a date
    that is past by now (the answer given back then) can be set up."""
    dependency = requested(cast, what=what)
    type(dependency).objects.filter(pk=dependency.pk).update(
        status="accepted", committed_date=committed, needed_by=committed,
        answered_by=cast.other_scrum_master)
    dependency.refresh_from_db()
    return dependency


def subscribe(programme, *events):
    return WebhookSubscription.objects.create(programme=programme, name="hook",
                                              url="https://hooks.example.com/in",
                                              secret="s" * 40, events=list(events))


def sent_to(person, kind="dependency"):
    return list(Notification.objects.filter(recipient=person, kind=kind)
                .values_list("subject", flat=True))


def events(subscription):
    return list(Notification.objects.filter(subscription=subscription)
                .values_list("kind", flat=True))
