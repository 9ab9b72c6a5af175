from playwright.sync_api import expect

from ceremonies.meetings.record import action_record
from tests.ceremonies.meetings import make_meeting
from tests.factories import TeamFactory

PAYLOAD = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'


def test_script_in_names_is_shown_as_text_and_never_runs(cast, open_page):
    TeamFactory(programme=cast.programme, name=PAYLOAD, slug="hostile",
                description=PAYLOAD)
    cast.programme.description = PAYLOAD
    cast.programme.save()
    action_record(meeting=make_meeting(cast.programme), by=cast.msm, text=PAYLOAD,
                  owner=cast.msm)  # in the MSM's inbox
    page = open_page(cast.msm)
    for path in (f"/p/{cast.programme.slug}/", f"/p/{cast.programme.slug}/teams/hostile/",
                 f"/p/{cast.programme.slug}/people/", "/", "/inbox/"):
        page.goto(path)
        assert page.evaluate("window.__xss") is None, path
    page.goto(f"/p/{cast.programme.slug}/teams/hostile/")
    expect(page.get_by_role("heading", level=1)).to_have_text(PAYLOAD)
