"""Every URL of the project × every role × GET and POST, with the expected outcome.

A new URL that is not classified in RULES fails `test_every_url_is_classified`, so no view can
escape the matrix. Outcomes: "ok" (2xx or a redirect that is not to sign-in), "login" (sent to
sign in), 403, 404, 405. A person outside a programme always gets 404, never data.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from tests.security.urls import project_routes
from tests.security.world import World, build_world

ROLES = ["anonymous", "outsider", "member", "other_scrum_master", "scrum_master",
         "stakeholder", "msm", "parent_msm"]
INSIDERS = {"member", "other_scrum_master", "scrum_master", "stakeholder", "msm", "parent_msm"}
MANAGERS = {"msm", "parent_msm"}
BOOKERS = MANAGERS | {"scrum_master", "other_scrum_master"}


@dataclass(frozen=True)
class Rule:
    """Who may GET and who may POST. `None` for a method means 405 for everyone."""

    get: frozenset | str | None
    post: frozenset | str | None


PUBLIC = "public"
SIGNED_IN = "signed-in"
SIGNED_OUT = "signed-out"  # sign-out: everyone ends on the sign-in page
OWNER = "owner"  # only the member who owns the object; to anyone else it does not exist


def rule(get, post="same"):
    post = get if post == "same" else post
    return Rule(get=get if isinstance(get, str | None) else frozenset(get),
                post=post if isinstance(post, str | None) else frozenset(post))


RULES: dict[str, Rule] = {
    # Public pages: sign-in, password reset, invitations, health.
    "login": rule(PUBLIC),
    "logout": rule(None, SIGNED_OUT),
    "password_reset": rule(PUBLIC),
    "password_reset_done": rule(PUBLIC, None),
    "password_reset_confirm": rule(PUBLIC),
    "password_reset_complete": rule(PUBLIC, None),
    "accept_invitation": rule(PUBLIC),
    "healthz": rule(PUBLIC, None),
    "password_change": rule(SIGNED_IN),
    "password_change_done": rule(SIGNED_IN, None),
    "settings": rule(SIGNED_IN),
    "tokens": rule(SIGNED_IN),
    "token_revoke": rule(None, OWNER),  # the world's token belongs to the member
    # Programmes.
    "programmes:mine": rule(SIGNED_IN, None),
    "programmes:new": rule(SIGNED_IN),
    "programmes:home": rule(INSIDERS, None),
    "programmes:team": rule(INSIDERS, None),
    "programmes:sprints": rule(INSIDERS, None),
    "programmes:edit": rule(MANAGERS),
    "programmes:audit": rule(MANAGERS, None),
    "programmes:child_new": rule(MANAGERS),
    "programmes:team_new": rule(MANAGERS),
    "programmes:team_edit": rule(MANAGERS),
    "programmes:people": rule(MANAGERS),
    "programmes:sprint_edit": rule(MANAGERS),
    "programmes:role_remove": rule(None, MANAGERS),
    "programmes:membership_remove": rule(None, MANAGERS),
    "programmes:notifications": rule(MANAGERS, None),
    "programmes:notification_preferences": rule(SIGNED_IN),
    # Shared resources: everyone sees them; Scrum Masters request for their own team; the MSM
    # manages resources and decides. The world's booking was requested by the Scrum Master.
    "programmes:resources": rule(INSIDERS, None),
    "programmes:resource_calendar": rule(INSIDERS, None),
    "programmes:booking_conflicts": rule(INSIDERS, None),
    "programmes:resource_new": rule(MANAGERS),
    "programmes:resource_edit": rule(MANAGERS),
    "programmes:resource_archive": rule(None, MANAGERS),
    "programmes:booking_new": rule(BOOKERS),
    "programmes:booking_confirm": rule(None, MANAGERS),
    "programmes:booking_decline": rule(None, MANAGERS),
    "programmes:booking_cancel": rule(None, MANAGERS | {"scrum_master"}),
    # Integrations: webhook URLs and secrets are the MSM's alone.
    "programmes:integrations": rule(MANAGERS, None),
    "programmes:chat_webhook_add": rule(None, MANAGERS),
    "programmes:chat_webhook_edit": rule(MANAGERS),
    "programmes:chat_webhook_remove": rule(None, MANAGERS),
    "programmes:chat_webhook_test": rule(None, MANAGERS),
    "programmes:webhook_add": rule(None, MANAGERS),
    "programmes:webhook_toggle": rule(None, MANAGERS),
    "programmes:webhook_rotate": rule(None, MANAGERS),
    "programmes:webhook_test": rule(None, MANAGERS),
    # Feedback loops: everyone in the programme sees and discusses the loops.
    "feedback:inbox": rule(SIGNED_IN, None),
    "feedback:programme": rule(INSIDERS, None),
    "feedback:new": rule(INSIDERS),
    "feedback:item": rule(INSIDERS, None),
    "feedback:action": rule(None, INSIDERS),  # the world's action is "comment"
    "feedback:metrics": rule(INSIDERS, None),
    "feedback:settings": rule(MANAGERS),
    # The meeting room (the world's meeting is a Scrum of Scrums, whose invitees are the MSMs
    # and the Scrum Masters): everyone in the programme watches; the MSM drives.
    "ceremonies:room": rule(INSIDERS, None),
    "ceremonies:live": rule(INSIDERS, None),
    "ceremonies:control": rule(None, MANAGERS),
    "ceremonies:agenda_add": rule(None, MANAGERS),
    "ceremonies:agenda_item": rule(None, MANAGERS),
    "ceremonies:decision": rule(None, MANAGERS),
    "ceremonies:action": rule(None, MANAGERS),
    "ceremonies:note": rule(None, MANAGERS | {"scrum_master", "other_scrum_master"}),
    # Daily updates: everyone in the programme reads them; the team's Scrum Master (or the
    # MSM) posts; either team of a dependency moves it.
    "ceremonies:today": rule(INSIDERS, None),
    "ceremonies:update_form": rule(MANAGERS | {"scrum_master"}),
    "ceremonies:update_policy": rule(None, MANAGERS | {"scrum_master"}),
    "ceremonies:update_history": rule(INSIDERS, None),
    "ceremonies:blocker_impediment": rule(None, MANAGERS | {"scrum_master"}),
    "ceremonies:dependencies": rule(INSIDERS, None),
    "ceremonies:dependency_status": rule(
        None, MANAGERS | {"scrum_master", "other_scrum_master", "member"}),
    # Steering: everyone in the programme reads the dashboard, the pack and its snapshots;
    # stakeholders and the MSM keep the objectives and milestones.
    "ceremonies:steering": rule(INSIDERS, None),
    "ceremonies:steering_pack": rule(INSIDERS, None),
    "ceremonies:steering_snapshot": rule(INSIDERS, None),
    "ceremonies:objective": rule(INSIDERS, None),
    "ceremonies:objective_new": rule(MANAGERS | {"stakeholder"}),
    "ceremonies:objective_edit": rule(MANAGERS | {"stakeholder"}),
    "ceremonies:milestone_new": rule(MANAGERS | {"stakeholder"}),
    "ceremonies:milestone_edit": rule(MANAGERS | {"stakeholder"}),
    # The Brown Bag: everyone in the programme proposes, votes and asks; the MSM builds the
    # agenda. The register: teams (and MSMs) record and reuse; everyone searches and asks.
    "ceremonies:brownbag": rule(INSIDERS, None),
    "ceremonies:brownbag_sprint": rule(INSIDERS, None),
    "ceremonies:brownbag_propose": rule(INSIDERS),
    "ceremonies:brownbag_talk": rule(INSIDERS, None),
    "ceremonies:brownbag_talk_edit": rule(MANAGERS | {"member"}),  # the member proposed it
    "ceremonies:brownbag_talk_withdraw": rule(None, MANAGERS | {"member"}),
    "ceremonies:brownbag_vote": rule(None, INSIDERS),
    "ceremonies:brownbag_question": rule(None, INSIDERS),
    "ceremonies:brownbag_agenda": rule(MANAGERS),
    "ceremonies:register": rule(INSIDERS, None),
    "ceremonies:register_new": rule(INSIDERS - {"stakeholder"}),
    "ceremonies:register_entry": rule(INSIDERS, None),
    "ceremonies:register_edit": rule(MANAGERS | {"member", "scrum_master"}),  # its team
    "ceremonies:register_reuse": rule(None, INSIDERS - {"stakeholder"}),
    "ceremonies:register_ask": rule(None, INSIDERS),
    "ceremonies:register_spread": rule(MANAGERS, None),
    # Series and the Meetings tab: everyone in the programme sees the meetings; the MSM sets
    # up series and moves or cancels one meeting (the world's meeting is scheduled).
    "ceremonies:meetings": rule(INSIDERS, None),
    "ceremonies:meeting_ics": rule(INSIDERS, None),
    "ceremonies:meeting_move": rule(MANAGERS),
    "ceremonies:meeting_cancel": rule(None, MANAGERS),
    "ceremonies:series_list": rule(MANAGERS, None),
    "ceremonies:series_new": rule(MANAGERS),
    "ceremonies:series_edit": rule(MANAGERS),
    "ceremonies:series_pause": rule(None, MANAGERS),
    "ceremonies:series_resume": rule(None, MANAGERS),
    # Calendars: the feed needs no sign-in, only its secret (the world's is the member's).
    "ceremonies:calendar_feed": rule(PUBLIC, None),
    "ceremonies:calendar": rule(SIGNED_IN),
}


def expected(allowed, role: str, get_rule=None) -> set[str]:
    """The acceptable outcomes; a wrong method may meet the access checks first."""
    if allowed is None:
        refusal = _expected_outcome(get_rule, role) if get_rule else "405"
        return {"405", refusal} - {"ok"}
    return {_expected_outcome(allowed, role)}


def _expected_outcome(allowed, role: str) -> str:
    if allowed == PUBLIC:
        return "ok"
    if allowed == SIGNED_OUT:
        return "login"
    if role == "anonymous":
        return "login"
    if allowed == OWNER:
        return "ok" if role == "member" else "404"
    if allowed == SIGNED_IN or role in allowed:
        return "ok"
    return "403" if role in INSIDERS else "404"


def outcome(response) -> str:
    if response.status_code in (301, 302):
        return "login" if "/accounts/login/" in response.url else "ok"
    if 200 <= response.status_code < 300 or response.status_code in (400, 409):
        return "ok"  # 400/409: allowed, but the (empty) input or the state says no
    return str(response.status_code)


ROUTES = project_routes()


def test_every_url_is_classified():
    unclassified = sorted(r.name for r in ROUTES if r.name not in RULES)
    assert unclassified == [], f"classify these URLs in {__name__}.RULES"


def test_there_are_no_stale_rules():
    names = {r.name for r in ROUTES}
    assert sorted(set(RULES) - names) == []


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", [r for r in ROUTES if r.name in RULES], ids=lambda r: r.name)
def test_authorization(client, cast, route, role):
    world: World = build_world(cast)
    url = reverse(route.name, kwargs=world.kwargs_for(route))
    person = getattr(cast, role, None)
    if person is not None:
        client.force_login(person)
    rules = RULES[route.name]
    for method, allowed in (("get", rules.get), ("post", rules.post)):
        want = expected(allowed, role, rules.get if method == "post" else None)
        response = getattr(client, method)(url, world.post_data_for(route))
        got = outcome(response)
        if got == "ok" and method == "post":
            world.restore()
        assert got in want, f"{method.upper()} {url} as {role}: got {got}, want {want}"
        if got == "404":
            assert not world.leaks_into(response.content.decode(), viewer=person)
