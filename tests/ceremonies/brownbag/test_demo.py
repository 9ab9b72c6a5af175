"""Demo Brown Bag data: talks with votes in the current call, register entries with reuse."""

from ceremonies.brownbag import demo as brownbag_demo
from ceremonies.brownbag import register
from ceremonies.models import RegisterEntry, Reuse, Talk, TalkVote
from programmes import demo


def test_the_demo_has_talks_votes_and_register_entries_once(db):
    data = demo.load()
    brownbag_demo.load(data)
    counts = (Talk.objects.count(), TalkVote.objects.count(), RegisterEntry.objects.count(),
              Reuse.objects.count())
    assert counts[0] == 6 and counts[1] > 10 and counts[2] == 4 and counts[3] >= 6
    brownbag_demo.load(data)
    assert counts == (Talk.objects.count(), TalkVote.objects.count(),
                      RegisterEntry.objects.count(), Reuse.objects.count())


def test_the_demo_register_is_searchable_across_the_trains(db, client):
    data = demo.load()
    brownbag_demo.load(data)
    payments = data.programmes[1]
    hits = register.register_search(programme=payments, q="authentication")
    assert hits[0].entry.team.name == "Onboarding"
    client.force_login(data.msm)
    for programme in data.programmes:
        for page in ("brown-bag/", "register/", "register/spread/", "register/?q=flags"):
            assert client.get(f"/p/{programme.slug}/{page}").status_code == 200
