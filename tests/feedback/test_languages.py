"""Feedback pages, refusals and reminders read in German and Spanish.

Each request also sends Accept-Language, so the language middleware (where present) chooses the
same language the override activates.
"""

from datetime import timedelta

from django.utils import translation

from feedback import reminders, services

from .helpers import T0, raise_impediment


def _get_in(language, client, url):
    with translation.override(language):
        return client.get(url, headers={"Accept-Language": language})


def test_the_item_page_reads_in_german(cast, client):
    item = raise_impediment(cast)  # raised on Monday 2 March 2026
    client.force_login(cast.msm)

    body = _get_in("de", client, item.get_absolute_url()).content.decode()

    assert "Was Sie tun können" in body
    assert 'id="item-state">Weitergeleitet<' in body
    assert 'id="item-holder">MSM Payments<' in body
    assert "März 2026" in body
    assert "What you can do" not in body


def test_the_item_page_reads_in_spanish(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.msm)

    body = _get_in("es", client, item.get_absolute_url()).content.decode()

    assert "Qué puedes hacer" in body
    assert "Confirmar recepción" in body
    assert "marzo de 2026" in body
    assert "What you can do" not in body


def test_a_refusal_reads_in_the_persons_language(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.scrum_master)  # raised it, does not hold it

    with translation.override("de"):
        response = client.post(item.get_absolute_url() + "answer/", {"text": "Neu gestartet"},
                               headers={"Accept-Language": "de"})

    assert response.status_code == 403
    assert "Nur der aktuelle Inhaber beantwortet diesen Eintrag." in response.content.decode()


def test_the_overdue_reminder_is_written_in_the_active_language(cast):
    item = raise_impediment(cast)

    with translation.override("es"):
        due = list(reminders.feedback_overdue(item.respond_by + timedelta(minutes=1)))

    assert due[0].subject == "Vencido: impedimento «Test environment is down»"
    assert "Te está esperando." in due[0].text


def test_the_english_thread_names_states_by_their_labels(cast, client):
    item = raise_impediment(cast)
    services.feedback_answer(item=item, by=cast.msm, text="Rebooted",
                             at=T0 + timedelta(hours=1))
    client.force_login(cast.msm)

    body = client.get(item.get_absolute_url()).content.decode()

    assert "(Raised → Routed)" in body
    assert "(Routed → Answered / actioned)" in body
