"""Whatever is written to a person away from their request is in their language: reminders,
invitations, password resets. English for whoever chose none."""

from datetime import date, timedelta

from django.core import mail
from django.urls import reverse

from programmes import services
from programmes.models import Notification, Sprint
from programmes.notifications import outbox, registry
from tests.notifications.conftest import at


def _deliver_emails(kind: str) -> dict[str, mail.EmailMessage]:
    for row in Notification.objects.filter(kind=kind, channel=Notification.Channel.EMAIL):
        outbox.notification_deliver(notification_id=row.pk, now=row.due_at)
    return {message.to[0]: message for message in mail.outbox}


def test_the_sprint_reminder_reaches_each_person_in_their_language(cast, enqueued):
    cast.msm.language, cast.scrum_master.language = "de", "es"
    cast.msm.save(), cast.scrum_master.save()
    Sprint.objects.filter(programme=cast.programme).delete()
    Sprint.objects.create(programme=cast.programme, number=7, start=date(2026, 12, 7),
                          end=date(2026, 12, 7) + timedelta(days=13), goal="")

    registry.due_scan(now=at("2026-12-07 09:01"))  # London: 09:00 is 09:00 UTC in winter
    emails = _deliver_emails("sprint_starts")

    german, spanish = emails[cast.msm.email], emails[cast.scrum_master.email]
    english = emails[cast.other_scrum_master.email]
    assert german.subject == "Payments: Sprint 7 beginnt heute"
    assert "läuft vom 7. Dezember bis zum 20. Dezember" in german.body
    assert spanish.subject == "Payments: el Sprint 7 empieza hoy"
    assert "del 7 de diciembre al 20 de diciembre" in spanish.body
    assert english.subject == "Payments: Sprint 7 starts today"
    assert "runs from 7 December to 20 December" in english.body
    assert Notification.objects.filter(kind="sprint_starts").count() == 3  # once each


def test_an_invitation_is_written_in_the_invited_persons_language(cast):
    cast.member.language = "de"
    cast.member.set_unusable_password()
    cast.member.save()

    services.send_invitation(person=cast.member, invited_by=cast.msm, programme=cast.programme)
    services.send_invitation(person=cast.outsider, invited_by=cast.msm, programme=cast.programme)

    german, english = mail.outbox
    assert german.subject == f"{cast.msm} hat Sie zu Payments auf metascrum eingeladen"
    assert "Legen Sie hier Ihr Passwort fest" in german.body
    assert english.subject == f"{cast.msm} invited you to Payments on metascrum"


def test_a_password_reset_is_in_the_persons_language_else_the_one_they_asked_in(client, cast):
    cast.member.language = "es"
    cast.member.save()

    client.post(reverse("password_reset"), {"email": cast.member.email},
                HTTP_ACCEPT_LANGUAGE="de")
    client.post(reverse("password_reset"), {"email": cast.outsider.email},
                HTTP_ACCEPT_LANGUAGE="de")

    spanish, german = mail.outbox
    assert "contraseña" in spanish.subject.lower()
    assert "Passwort" in german.subject
