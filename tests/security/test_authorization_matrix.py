"""Every URL of the project × every role × GET and POST, with the expected outcome.

A programme's pages are classified in ON by the row of the visibility table they belong to
(tests/security/visibility.py, which README.md prints) and what they need, READ or WRITE; the
expected status comes from that table. Pages outside any programme (your account, sign-in) are
in ACCOUNT. A new URL that is classified in neither fails `test_every_url_is_classified`, so
no view can escape the matrix. Outcomes: "ok" (2xx or a redirect that is not to sign-in),
"login" (sent to sign in), 401 (a platform's unsigned call), 403, 404, 405. A person outside a
programme always gets 404, never data.

What chat platforms and trackers call (`SIGNED`: chat commands and interactions, tracker
webhooks) is not a programme page: no session counts there, whoever is signed in, only the
platform's signature, so the world's unsigned POST is 401 for everyone and a GET 405. Their
signatures are tested with the chat app and the trackers.
"""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.urls import project_routes
from tests.security.visibility import (
    READ,
    TABLE,
    VIA_OWN,
    WRITE,
    outcome_from_own,
    outcome_here,
)
from tests.security.world import World, rolled_back

ROLES = ["anonymous", "outsider", "tree_member", "member", "other_scrum_master",
         "scrum_master", "stakeholder", "msm", "parent_msm"]
INSIDERS = {"member", "other_scrum_master", "scrum_master", "stakeholder", "msm", "parent_msm"}
EVERYONE = frozenset(ROLES)
MSMS = frozenset({"msm", "parent_msm"})
SCRUM_MASTERS = frozenset({"scrum_master", "other_scrum_master"})
# The world's objects belong to the team Ledger, whose Scrum Master and member these are.
LEDGER = frozenset({"scrum_master", "member"})
CARD_GATEWAY = frozenset({"other_scrum_master"})  # the programme's other team


@dataclass(frozen=True)
class On:
    """A programme page: its row in the visibility table, what GET and POST need (READ or
    WRITE; None: 405 for everyone), and whose the world's object is (see `visibility.OWN`)."""

    row: str
    get: str | None
    post: str | None
    theirs: frozenset | None = None


def on(row, get=READ, post=None, theirs=None) -> On:
    assert row in TABLE, row
    return On(row=row, get=get, post=post, theirs=theirs)


def writes(row, theirs=None) -> On:
    """A form: its page and its post both need WRITE."""
    return on(row, WRITE, WRITE, theirs)


def posts(row, theirs=None, need=WRITE) -> On:
    return on(row, None, need, theirs)


ON: dict[str, On] = {
    "programmes:home": on("programme"),
    "programmes:team": on("programme"),
    "programmes:sprints": on("programme"),
    "programmes:edit": writes("programme"),
    "programmes:child_new": writes("programme"),
    "programmes:team_new": writes("programme"),
    "programmes:team_edit": writes("programme"),
    "programmes:people": writes("programme"),
    "programmes:sprint_edit": writes("programme"),
    "programmes:role_remove": posts("programme"),
    "programmes:membership_remove": posts("programme"),
    "programmes:audit": on("admin"),
    "programmes:sign_in_settings": writes("admin"),
    "programmes:group_mapping_remove": posts("admin"),
    "programmes:notifications": on("admin"),
    "programmes:integrations": on("admin"),
    "programmes:chat_webhook_add": posts("admin"),
    "programmes:chat_webhook_edit": writes("admin"),
    "programmes:chat_webhook_remove": posts("admin"),
    "programmes:chat_webhook_test": posts("admin"),
    "programmes:webhook_add": posts("admin"),
    "programmes:webhook_toggle": posts("admin"),
    "programmes:webhook_rotate": posts("admin"),
    "programmes:webhook_test": posts("admin"),
    "programmes:chat_app_install": posts("admin"),
    "programmes:chat_app_remove": posts("admin"),
    # The world's tracker is a GitHub connection with one mapping (Ledger's repository).
    "programmes:tracker_add": writes("admin"),
    "programmes:tracker_edit": writes("admin"),
    "programmes:tracker_remove": posts("admin"),
    "programmes:tracker_sync": posts("admin"),
    "programmes:tracker_mapping_add": posts("admin"),
    "programmes:tracker_mapping_remove": posts("admin"),
    "feedback:settings": writes("admin"),
    # The world's item is an impediment the Scrum Master raised; its action is "comment".
    "feedback:programme": on("feedback"),
    "feedback:new": writes("feedback", theirs=EVERYONE),
    "feedback:item": on("feedback"),
    "feedback:action": posts("feedback", theirs=EVERYONE),
    "feedback:metrics": on("feedback"),
    # Linking it to a tracker item: its originator (Ledger's Scrum Master) or its holders.
    "feedback:tracker_link": posts("feedback", theirs=MSMS | {"scrum_master"}),
    # The item is in the programme's backlog, held by the programme: its MSMs order it.
    "feedback:backlog": on("feedback"),
    "feedback:backlog_move": posts("feedback", theirs=MSMS),
    "feedback:backlog_roam": posts("feedback", theirs=MSMS),
    "feedback:backlog_done": posts("feedback", theirs=MSMS),
    # The world's meeting is a scheduled Scrum of Scrums: the MSMs and the Scrum Masters are
    # invited to it.
    "ceremonies:meetings": on("meetings"),
    "ceremonies:meeting_ics": on("meetings"),
    "ceremonies:meeting_move": writes("meetings"),
    "ceremonies:meeting_cancel": posts("meetings"),
    "ceremonies:meeting_reinstate": posts("meetings"),
    "ceremonies:series_list": on("meetings", WRITE),
    "ceremonies:series_new": writes("meetings"),
    "ceremonies:series_edit": writes("meetings"),
    "ceremonies:series_pause": posts("meetings"),
    "ceremonies:series_resume": posts("meetings"),
    "ceremonies:room": on("room"),
    "ceremonies:live": on("room"),
    "ceremonies:live_stream": on("room"),
    "ceremonies:control": posts("room"),
    "ceremonies:agenda_add": posts("room"),
    "ceremonies:agenda_item": posts("room"),
    "ceremonies:decision": posts("room"),
    "ceremonies:action": posts("room"),
    "ceremonies:note": posts("room", theirs=MSMS | SCRUM_MASTERS),
    "ceremonies:action_review": posts("room"),
    # The world's meeting also sends its minutes to the stakeholder (`person_id`).
    "ceremonies:minutes_to_add": posts("room"),
    "ceremonies:minutes_to_remove": posts("room"),
    # The world's action item is owned by Ledger's Scrum Master.
    "ceremonies:action_done": posts("actions", theirs=frozenset({"scrum_master"})),
    "ceremonies:action_reopen": posts("actions", theirs=frozenset({"scrum_master"})),
    # The world's update is Ledger's; its dependency is Ledger's need of Card Gateway, which
    # Card Gateway (whose Scrum Master is `other_scrum_master`) countered with another date.
    "ceremonies:today": on("updates"),
    "ceremonies:update_form": writes("updates", theirs=LEDGER),
    "ceremonies:update_policy": posts("updates", theirs=LEDGER),
    "ceremonies:update_history": on("updates"),
    "ceremonies:blocker_impediment": posts("updates", theirs=LEDGER),
    "ceremonies:dependencies": on("dependencies"),
    "ceremonies:dependency_answer": posts("dependencies", theirs=CARD_GATEWAY),
    "ceremonies:dependency_take": posts("dependencies", theirs=LEDGER | MSMS),
    "ceremonies:dependency_close": posts("dependencies", theirs=LEDGER | CARD_GATEWAY | MSMS),
    # Its tracker items: everyone who sees dependencies reads them; the two teams and the MSMs
    # link one (the world's dependency is open).
    "ceremonies:dependency_tracker_links": on("dependencies", READ, WRITE,
                                              theirs=LEDGER | CARD_GATEWAY | MSMS),
    # Splitting the programme: adding a child programme.
    "ceremonies:split": writes("programme"),
    # The world's booking is the Scrum Master's request for Ledger; a new one is for the
    # requester's own team.
    "programmes:resources": on("resources"),
    "programmes:resource_calendar": on("resources"),
    "programmes:booking_conflicts": on("resources"),
    "programmes:resource_new": writes("resources"),
    "programmes:resource_edit": writes("resources"),
    "programmes:resource_archive": posts("resources"),
    "programmes:booking_new": writes("resources", theirs=SCRUM_MASTERS),
    "programmes:booking_confirm": posts("resources"),
    "programmes:booking_decline": posts("resources"),
    "programmes:booking_cancel": posts("resources", theirs=frozenset({"scrum_master"})),
    "programmes:booking_reinstate": posts("resources", theirs=frozenset({"scrum_master"})),
    "ceremonies:steering": on("steering"),
    "ceremonies:steering_pack": on("steering"),
    "ceremonies:steering_snapshot": on("steering"),
    "ceremonies:objective": on("steering"),
    "ceremonies:objective_new": writes("steering"),
    "ceremonies:objective_edit": writes("steering"),
    "ceremonies:milestone_new": writes("steering"),
    "ceremonies:milestone_edit": writes("steering"),
    # The pickers' search, for the world's picker: an objective's owner (the MSM's).
    "programmes:pick": on("steering", WRITE),
    # The world's talk was proposed by the member, for Ledger; so was its register entry.
    "ceremonies:brownbag": on("brownbag"),
    "ceremonies:brownbag_sprint": on("brownbag"),
    "ceremonies:brownbag_propose": writes("brownbag"),
    "ceremonies:brownbag_talk": on("brownbag"),
    "ceremonies:brownbag_vote": posts("brownbag"),
    "ceremonies:brownbag_question": posts("brownbag"),
    "ceremonies:brownbag_talk_edit": writes("talks", theirs=frozenset({"member"})),
    "ceremonies:brownbag_talk_withdraw": posts("talks", theirs=frozenset({"member"})),
    "ceremonies:brownbag_agenda": writes("talks"),
    "ceremonies:register": on("register"),
    "ceremonies:register_entry": on("register"),
    "ceremonies:register_ask": posts("register", need=READ),
    "ceremonies:register_new": writes("register", theirs=LEDGER | SCRUM_MASTERS),
    "ceremonies:register_edit": writes("register", theirs=LEDGER),
    # Any team but the entry's says it reused it (Ledger's own member is refused: 400).
    "ceremonies:register_reuse": posts("register",
                                       theirs=LEDGER | SCRUM_MASTERS | {"tree_member"}),
    "ceremonies:register_spread": on("register", WRITE),
}


@dataclass(frozen=True)
class Rule:
    """Who may GET and who may POST an account or public page. `None` for a method means 405
    for everyone."""

    get: str | None
    post: str | None


PUBLIC = "public"
SIGNED_IN = "signed-in"
SIGNED_OUT = "signed-out"  # sign-out: everyone ends on the sign-in page
OWNER = "owner"  # only the member who owns the object; to anyone else it does not exist
NO_PROVIDER = "no-provider"  # single sign-on with a provider this site does not have: 404
SIGNED = "signed"  # a platform's call, signed by it: unsigned, 401 for everyone
LINKED_PROGRAMME = "linked-programme"  # signed in and seeing the link's programme, else 403

ACCOUNT: dict[str, Rule] = {
    # Public pages: sign-in, password reset, invitations, health; the calendar feed needs no
    # sign-in, only its secret (the world's is the member's).
    "login": Rule(PUBLIC, PUBLIC),
    "logout": Rule(None, SIGNED_OUT),
    "password_reset": Rule(PUBLIC, PUBLIC),
    "password_reset_done": Rule(PUBLIC, None),
    "password_reset_confirm": Rule(PUBLIC, PUBLIC),
    "password_reset_complete": Rule(PUBLIC, None),
    "accept_invitation": Rule(PUBLIC, PUBLIC),
    "healthz": Rule(PUBLIC, None),
    "set_language": Rule(None, PUBLIC),  # a visitor's language: a cookie, then back
    # Single sign-on (no provider is configured here) and the second step of a password
    # sign-in (without the first, back to sign in).
    "openid_connect_login": Rule(NO_PROVIDER, NO_PROVIDER),
    "openid_connect_callback": Rule(NO_PROVIDER, NO_PROVIDER),
    "two_factor_verify": Rule(SIGNED_OUT, SIGNED_OUT),
    "ceremonies:calendar_feed": Rule(PUBLIC, None),
    # What chat platforms and trackers call: no session counts, only their signature (the
    # world's requests have none). The world's chat app is on Slack.
    "ceremonies:chat_commands": Rule(None, SIGNED),
    "ceremonies:chat_interactions": Rule(None, SIGNED),
    "programmes:tracker_webhook": Rule(None, SIGNED),
    # The one-time link a chat account was sent (the world's names no email address): anyone
    # signed in opens it; only a person of the app's programme links their account with it.
    "ceremonies:chat_link": Rule(SIGNED_IN, LINKED_PROGRAMME),
    # Your own account: anyone signed in, each their own.
    "password_change": Rule(SIGNED_IN, SIGNED_IN),
    "password_change_done": Rule(SIGNED_IN, None),
    "settings": Rule(SIGNED_IN, SIGNED_IN),
    "tokens": Rule(SIGNED_IN, SIGNED_IN),
    "two_factor": Rule(SIGNED_IN, SIGNED_IN),
    "token_revoke": Rule(None, OWNER),  # the world's token belongs to the member
    "programmes:mine": Rule(SIGNED_IN, None),
    "programmes:new": Rule(SIGNED_IN, SIGNED_IN),
    "programmes:notification_preferences": Rule(SIGNED_IN, SIGNED_IN),
    "feedback:inbox": Rule(SIGNED_IN, None),
    "ceremonies:calendar": Rule(SIGNED_IN, SIGNED_IN),
}


def _programme_outcome(need: str, role: str, page: On) -> str:
    if role == "anonymous":
        return "login"
    return outcome_here(TABLE[page.row].cell(role), need, role, page.theirs)


def _account_outcome(allowed: str, role: str) -> str:
    if allowed == PUBLIC:
        return "ok"
    if allowed == NO_PROVIDER:
        return "404"
    if allowed == SIGNED:
        return "401"
    if allowed == SIGNED_OUT or role == "anonymous":
        return "login"
    if allowed == OWNER:
        return "ok" if role == "member" else "404"
    if allowed == LINKED_PROGRAMME:
        return "ok" if role in INSIDERS else "403"
    return "ok"


def expected(name: str, method: str, role: str) -> set[str]:
    """The acceptable outcomes: a GET of a POST-only page is 405 for everyone; a POST to a
    page that only reads may meet its access check first."""
    if name in ON:
        page = ON[name]
        need, other = (page.get, page.post) if method == "get" else (page.post, page.get)
        decide = lambda n: _programme_outcome(n, role, page)  # noqa: E731
    else:
        rule = ACCOUNT[name]
        need, other = (rule.get, rule.post) if method == "get" else (rule.post, rule.get)
        decide = lambda n: _account_outcome(n, role)  # noqa: E731
    if need is None:
        return {"405"} if method == "get" else {"405", decide(other)} - {"ok"}
    return {decide(need)}


def outcome(response) -> str:
    if response.status_code in (301, 302):
        return "login" if "/accounts/login/" in response.url else "ok"
    if 200 <= response.status_code < 300 or response.status_code in (400, 409):
        return "ok"  # 400/409: allowed, but the (empty) input or the state says no
    return str(response.status_code)


ROUTES = project_routes()


def people(world: World) -> dict:
    return {"tree_member": world.tree_member,
            **{role: getattr(world.cast, role) for role in ROLES if hasattr(world.cast, role)}}


def test_every_url_is_classified():
    unclassified = sorted(r.name for r in ROUTES if r.name not in ON | ACCOUNT)
    assert unclassified == [], f"classify these URLs in {__name__}.ON or ACCOUNT"


def test_there_are_no_stale_rules():
    names = {r.name for r in ROUTES}
    assert sorted(set(ON | ACCOUNT) - names) == []


def test_every_row_of_the_table_is_checked_by_some_page():
    assert sorted(set(TABLE) - {page.row for page in ON.values()}) == []


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_authorization(db, module_world, route):
    """Every role, GET then POST, each role from the world as built (the module's world, in
    this test's savepoint, and each role in a savepoint within)."""
    world: World = module_world
    url = reverse(route.name, kwargs=world.kwargs_for(route))
    everyone = people(world)
    wrong = []
    for role in ROLES:
        with rolled_back():
            wrong += _wrong_outcomes(route, url, role, everyone.get(role), world)
    assert wrong == [], "\n".join(wrong)


def _wrong_outcomes(route, url: str, role: str, person, world: World) -> list[str]:
    client = Client()
    if person is not None:
        client.force_login(person)
    wrong = []
    for method in ("get", "post"):
        want = expected(route.name, method, role)
        response = getattr(client, method)(url, world.post_data_for(route))
        got = outcome(response)
        if got not in want:
            wrong.append(f"{method.upper()} {url} as {role}: got {got}, want {want}")
        elif got == "404" and world.leaks_into(response.content.decode(), viewer=person):
            wrong.append(f"{method.upper()} {url} as {role}: the 404 shows the programme's data")
    return wrong


# Across the tree: what VIA_OWN promises, through the person's own programme's pages.
ACROSS = [r for r in ROUTES if r.name in ON and "entry_id" in r.params
          and VIA_OWN in TABLE[ON[r.name].row].cells]


@pytest.mark.parametrize("route", ACROSS, ids=lambda r: r.name)
def test_a_register_entry_is_reached_from_elsewhere_in_the_tree(client, db, module_world,
                                                                 route):
    world = module_world
    person = world.tree_member
    own = person.team_memberships.get().team.programme
    url = reverse(route.name, kwargs={**world.kwargs_for(route), "slug": own.slug})
    client.force_login(person)
    page = ON[route.name]
    for method, need in (("get", page.get), ("post", page.post)):
        want = {"405"} if need is None else {outcome_from_own(need, "tree_member", page.theirs)}
        got = outcome(getattr(client, method)(url, world.post_data_for(route)))
        assert got in want, f"{method.upper()} {url}: got {got}, want {want}"
