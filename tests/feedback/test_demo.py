from feedback import demo as feedback_demo
from feedback.models import FeedbackItem
from programmes import demo


def test_the_demo_has_loops_in_every_state(db):
    feedback_demo.load(demo.load())

    states = set(FeedbackItem.objects.values_list("state", flat=True))
    assert states == {"routed", "acknowledged", "answered", "closed"}
    assert FeedbackItem.objects.filter(addressees__isnull=False).distinct().count() == 2
    assert FeedbackItem.objects.filter(level="stakeholders", kind="impediment").exists()


def test_every_feedback_page_renders_on_the_demo(db, client):
    data = demo.load()
    feedback_demo.load(data)
    for person in data.people.values():
        client.force_login(person)
        assert client.get("/inbox/").status_code == 200
    client.force_login(data.msm)
    for programme in data.programmes:
        for page in ("", "metrics/", "new/", "settings/"):
            assert client.get(f"/p/{programme.slug}/feedback/{page}").status_code == 200
    for item in FeedbackItem.objects.select_related("programme"):
        assert client.get(item.get_absolute_url()).status_code == 200
