"""Searching the solved-first register: PostgreSQL full-text search with weights (tags above
the problem above the write-up), and a plain match on SQLite."""

from datetime import date

import pytest
from django.db import connection

from ceremonies.brownbag import register
from ceremonies.models import RegisterEntry

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="full-text ranking is PostgreSQL's")


def _entry(cast, problem, write_up, tags="", team=None):
    return register.register_record(team=team or cast.team, by=cast.msm, problem=problem,
                                    tags=tags, write_up=write_up, solved_on=date(2026, 11, 2))


@pytest.fixture
def entries(cast):
    mention = _entry(cast, "Nightly settlement batch", "We retried the batch; authentication "
                     "of the bank's SFTP server was flaky for a while.", tags="batch, sftp")
    tagged = _entry(cast, "Single sign-on for the back office", "OIDC with the corporate IdP, "
                    "short-lived tokens, and a shared login library.",
                    tags="Authentication, OIDC", team=cast.other_team)
    unrelated = _entry(cast, "Feature flags per merchant", "A flag service with gradual "
                       "rollout.", tags="feature flags")
    return mention, tagged, unrelated


@postgres_only
def test_a_tag_match_ranks_above_a_passing_mention(cast, entries):
    mention, tagged, _ = entries
    hits = register.register_search(programme=cast.programme, q="authentication")
    assert [h.entry for h in hits] == [tagged, mention]
    assert hits[0].rank > hits[1].rank


@postgres_only
def test_search_stems_words(cast, entries):
    _, tagged, _ = entries
    hits = register.register_search(programme=cast.programme, q="authenticating tokens")
    assert [h.entry for h in hits] == [tagged]


@postgres_only
def test_matches_are_highlighted_and_the_rest_escaped(cast):
    _entry(cast, "<b>Rollout</b> of flags", "Gradual rollout <script>x</script> per merchant.",
           tags="rollout")
    [hit] = register.register_search(programme=cast.programme, q="rollout")
    assert "<mark>Rollout</mark>" in hit.problem and "&lt;b&gt;" in hit.problem
    assert "<script>" not in hit.excerpt and "<mark>rollout</mark>" in hit.excerpt
    assert hit.tags == [("rollout", True)]


@postgres_only
def test_the_search_uses_the_gin_index(cast, entries):
    from django.contrib.postgres.search import SearchQuery

    query = SearchQuery("authentication", config="english")
    qs = RegisterEntry.objects.annotate(search=register.SEARCH_VECTOR).filter(search=query)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = qs.explain()
    assert "register_search" in plan


def test_the_simple_search_ranks_tags_first_too(cast, entries):
    mention, tagged, _ = entries
    hits = register._search_simple(register.visible_entries(cast.programme), "authentication")
    assert [h.entry for h in hits] == [tagged, mention]
    assert "<mark>authentication</mark>" in hits[1].excerpt


def test_without_a_query_the_most_recently_solved_come_first(cast, entries):
    hits = register.register_search(programme=cast.programme, q="")
    assert len(hits) == 3


def test_tags_are_normalised(cast):
    entry = _entry(cast, "P", "W", tags=" Auth ,Feature   Flags;auth,, ")
    assert entry.tags == "auth, feature flags"
    assert entry.tag_list == ["auth", "feature flags"]


@pytest.mark.parametrize("q", ["&|!:*()'\"", "<script>alert(1)</script>", "the", "a" * 500,
                               "ßøæ中文🙂\u202e", "nul\x00byte",
                               "-authentication OR \"single sign\""])
def test_any_query_is_answered_without_error(client, cast, entries, q):
    client.force_login(cast.member)
    response = client.get(f"/p/{cast.programme.slug}/register/", {"q": q})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
