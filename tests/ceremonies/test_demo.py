from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from ceremonies.models import Kind, Meeting, MeetingSeries
from ceremonies.series import demo as ceremonies_demo
from programmes import demo


def test_the_demo_has_series_a_held_meeting_with_minutes_and_one_today(db, client):
    data = demo.load()
    ceremonies_demo.load(data)
    payments = data.programmes[1]
    assert MeetingSeries.objects.filter(programme=data.parent).count() == 2
    assert set(MeetingSeries.objects.filter(programme=payments).values_list("kind", flat=True)
               ) == {Kind.SCRUM_OF_SCRUMS, Kind.BROWN_BAG}
    held = Meeting.objects.get(state=Meeting.State.ENDED)
    assert held.decisions.exists() and held.actions.exists() and held.attendance.exists()
    assert held.overrun_seconds > 0
    assert Meeting.objects.filter(programme=payments, occurrence=payments.today(),
                                  kind=Kind.SCRUM_OF_SCRUMS, state="scheduled").exists()
    client.force_login(data.msm)
    html = client.get(held.get_absolute_url()).content.decode()
    assert "Minutes" in html and "Book the SIT slots for Thursday" in html
    assert "Card Gateway not yet; Ledger acknowledged (" in html
    for programme in data.programmes:
        tab = client.get(reverse("ceremonies:meetings", args=[programme.slug]))
        assert tab.status_code == 200
        assert client.get(reverse("ceremonies:series_list", args=[programme.slug])
                          ).status_code == 200


def test_load_demo_runs_once(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    count = Meeting.objects.count()
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue() and Meeting.objects.count() == count


def test_the_demo_has_updates_for_today_with_one_team_missing(db, client):
    from ceremonies.models import DailyUpdate
    from ceremonies.updates import demo as updates_demo
    from feedback.models import FeedbackItem

    data = demo.load()
    ceremonies_demo.load(data)
    updates_demo.load(data)
    updates_demo.load(data)  # idempotent
    payments = data.programmes[1]
    posted = DailyUpdate.objects.filter(team__programme=payments)
    assert sorted(posted.values_list("team__name", flat=True)) == [
        "Card Gateway", "Fraud Shield", "Ledger"]
    assert FeedbackItem.objects.filter(kind="impediment", title__contains="card events").exists()
    client.force_login(data.msm)
    page = client.get(reverse("ceremonies:today", args=[payments.slug])).content.decode()
    assert "Waiting for the card scheme" in page and "Settlements" in page
