"""Property-based bad input against every POST form the app shows a manager.

Each page of the authorization matrix that a Meta Scrum Master may GET is rendered, its POST
forms found by parsing the HTML, and hypothesis fills every field with hostile values: long,
empty, unicode, NUL, lone surrogates, bytes that are not UTF-8 (overlong, encoded surrogates),
HTML/script, malformed dates, numbers zero/negative/huge, sometimes under a declared charset
that would decode "\ud800" into a lone surrogate. The body goes out byte for byte
(`post_raw`). The app must never answer 5xx; when it re-renders with errors, the text typed is
kept (as Django reads it: bytes that are not UTF-8 as U+FFFD) and escaped.
"""

import copy

import pytest
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.forms import Field, as_received, post_forms, post_raw
from tests.security.test_authorization_matrix import ACCOUNT, ON, SIGNED_IN, expected
from tests.security.urls import project_routes
from tests.security.world import rolled_back

HOSTILE_TEXT = st.one_of(
    st.just(""),
    st.just("   "),
    st.just("<script>alert(1)</script>"),
    st.just('"><img src=x onerror=alert(1)>'),
    st.text(min_size=1, max_size=40),
    st.text(alphabet="ßøæ中文🙂\u202e\u0000", min_size=1, max_size=20),
    st.text(min_size=1000, max_size=1200),
    st.text(alphabet=st.characters(codec=None, categories=["Cs", "Ll", "Cc"]), min_size=1,
            max_size=20),  # lone surrogates among letters and control characters
    st.just("a\x00b"),
    st.just("a\\ud800b"),  # a lone surrogate, if the declared charset were believed
    st.sampled_from([b"a\xc0\xafb", b"\xed\xa0\x80", b"caf\xe9", b"\xff\xfe", b"\xe2\x82"]),
)
CHARSETS = st.sampled_from([None, None, "unicode_escape", "latin-1"])
BAD_NUMBERS = st.sampled_from(["0", "-1", "-99999", "99999999999999999999", "1e9", "abc", ""])
BAD_DATES = st.sampled_from(["", "2026-02-30", "31/31/2026", "yesterday", "0000-00-00",
                             "9999-12-31", "2026-13-01T25:61"])
BAD_TIMES = st.sampled_from(["", "25:00", "12:61", "noon", "-01:00", "99"])


def strategy_for(field: Field):
    if field.kind == "number":
        return BAD_NUMBERS
    if field.kind in ("date", "datetime-local"):
        return BAD_DATES
    if field.kind == "time":
        return BAD_TIMES
    if field.kind in ("select", "checkbox", "radio"):
        return st.sampled_from([*field.options, "", "not-an-option", "-1", "999999"])
    return HOSTILE_TEXT


def _fuzzed(route) -> bool:
    """The pages the MSM opens in a programme, and one's own account's (but passwords)."""
    if route.name in ON:
        return ON[route.name].get is not None and expected(route.name, "get", "msm") == {"ok"}
    rule = ACCOUNT.get(route.name)
    return rule is not None and rule.get == SIGNED_IN and "password" not in route.name


def _visible_text(value: str | bytes) -> str:
    return escape(as_received(value).strip())


def _check_kept(page: str, form, data: dict, action: str) -> None:
    for f in form.fields:
        typed = data[f.name]
        if f.kind in ("text", "textarea", "email") and 0 < len(as_received(typed).strip()) < 300:
            assert _visible_text(typed)[:50] in page, f"{action}: the {f.name!r} typed was lost"
    assert "<script>alert(1)</script>" not in page


def _fuzz(client, action: str, form) -> None:
    fields = {f.name: strategy_for(f) for f in form.fields}

    @settings(max_examples=15, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.fixed_dictionaries(fields), CHARSETS)
    def post(data, charset):
        # Each example meets the world as built: whatever a POST did (deleted, moved, created)
        # is undone with its savepoint, and the client's cookies are put back as they were.
        cookies = copy.deepcopy(client.cookies)
        try:
            with rolled_back():
                response = post_raw(client, action, data, charset=charset)
                assert response.status_code < 500, (action, data, charset)
                page = response.content.decode()
                if response.status_code == 200 and 'class="error"' in page:
                    _check_kept(page, form, data, action)
        finally:
            client.cookies = cookies

    post()


@pytest.mark.parametrize("route", [r for r in project_routes() if _fuzzed(r)],
                         ids=lambda r: r.name)
def test_forms_survive_hostile_input(client, db, module_world, route):
    world = module_world
    client.force_login(world.cast.msm)
    url = reverse(route.name, kwargs=world.kwargs_for(route))
    for form in post_forms(client.get(url).content.decode()):
        _fuzz(client, form.action or url, form)


def test_the_form_finder_sees_the_fields_of_a_known_form(client, db, module_world):
    cast = module_world.cast
    client.force_login(cast.msm)
    html = client.get(reverse("programmes:people", kwargs={"slug": cast.programme.slug}))
    forms = post_forms(html.content.decode())
    invite = next(f for f in forms if any(x.name == "email" for x in f.fields))
    assert [f.name for f in invite.fields] == ["email", "name", "role", "team"]
    assert "stakeholder" in invite.fields[2].options
