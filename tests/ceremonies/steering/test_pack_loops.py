"""The pack, the dashboard and the loop metrics page count loops over the same whole days and
say which: what was raised in them (and is closed now), and what was closed in them."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ceremonies.steering.pack import steering_pack
from feedback import services


@pytest.fixture
def loops(cast):
    """Three loops: one raised 40 days ago and closed yesterday, one raised and closed in
    the last days, one raised yesterday and open."""
    now = timezone.now()

    def impediment(title, days_ago):
        return services.impediment_raise(programme=cast.programme, team=cast.team, title=title,
                                         raised_by=cast.scrum_master,
                                         at=now - timedelta(days=days_ago))

    def close(item, days_ago):
        at = now - timedelta(days=days_ago)
        services.feedback_acknowledge(item=item, by=cast.msm, at=at - timedelta(hours=2))
        services.feedback_answer(item=item, by=cast.msm, text="Done", at=at - timedelta(hours=1))
        services.feedback_close(item=item, by=cast.scrum_master, at=at)

    close(impediment("Old one", 40), 1)
    close(impediment("Quick one", 5), 4)
    impediment("Open one", 1)
    return cast


def figures(html: str) -> dict[str, tuple[str, ...]]:
    return {name: tuple(rest) for name, *rest in re.findall(
        r'data-figure="(loops-[\w-]+)" data-count="(\d+)"(?: data-of="(\d+)")?', html)}


def test_the_pack_counts_the_days_of_the_metrics_page_by_default(client, loops):
    pack = steering_pack(programme=loops.programme)["now"]["loops"]
    client.force_login(loops.msm)
    page = client.get(reverse("feedback:metrics", kwargs={"slug": loops.programme.slug}))
    html = page.content.decode()
    assert f'data-first="{pack["first"]}" data-last="{pack["last"]}"' in html
    assert pack["days"] == 30
    assert (pack["raised"], pack["closed"], pack["open"], pack["closed_in_period"]) == (2, 1, 1, 2)
    all_levels = html.split('data-level="all"')[1].split("</tr>")[0]
    overdue = str(pack["overdue"])  # the open one, once its working day is over
    assert figures(all_levels) == {"loops-open": ("1", "2"), "loops-overdue": (overdue, "2"),
                                   "loops-closed": ("1", "2"),
                                   "loops-closed-in-period": ("2", "")}


@pytest.mark.parametrize("name", ["steering", "steering_pack"])
def test_the_dashboard_and_the_pack_say_the_days_and_both_figures(client, loops, name):
    client.force_login(loops.msm)
    html = client.get(reverse(f"ceremonies:{name}",
                              kwargs={"slug": loops.programme.slug})).content.decode()
    days = steering_pack(programme=loops.programme)["now"]["loops"]
    assert f'data-first="{days["first"]}" data-last="{days["last"]}"' in html
    found = figures(html)
    assert found["loops-closed-in-period"][0] == "2" and found["loops-closed"][:2] == ("1", "2")


def test_the_dashboard_tells_closed_in_the_days_from_closed_of_those_raised(client, loops):
    client.force_login(loops.msm)
    html = client.get(reverse("ceremonies:steering",
                              kwargs={"slug": loops.programme.slug})).content.decode()
    text = re.sub(r"<[^>]+>", "", html.split('id="dashboard-loops"')[1].split("</p>")[0])
    assert re.search(r"Loops closed \d+ \w+ – \d+ \w+: 2\. Of the 2 raised in those days, "
                     r"1 is closed", text)


def test_the_pack_links_to_the_same_days_by_level(client, loops):
    days = steering_pack(programme=loops.programme)["now"]["loops"]
    client.force_login(loops.msm)
    html = client.get(reverse("ceremonies:steering_pack",
                              kwargs={"slug": loops.programme.slug})).content.decode()
    metrics = reverse("feedback:metrics", kwargs={"slug": loops.programme.slug})
    assert f'href="{metrics}?start={days["first"]}&amp;end={days["last"]}"' in html
