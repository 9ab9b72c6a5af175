"""Who sees what in a programme, and may do what: the one table, as data.

README.md prints this table ("Who sees what"); `test_visibility_table` checks that the two say
the same, and both authorization matrices (web pages and API) derive every expected status
from it, so the README, the tests and the code cannot drift apart.

A cell is one of:
- HIDDEN ("—"): the programme does not exist for them, 404, never data;
- NO: they see the programme but not this, 403 (reading too);
- READ: they see it; every change is refused, 403;
- WRITE: they see it and do what the row says;
- OWN / INVITED: they see it, and do what the row says to what is theirs (their team's, or what
  they proposed, raised or hold) / in the meetings they are invited to; otherwise as READ;
- VIA_OWN: HIDDEN here; they read it through their own programme's register, ask its team and
  say their team reused it there; only its own programme changes it (404 from theirs).
"""

from dataclasses import dataclass

HIDDEN, NO, READ, WRITE, OWN, INVITED, VIA_OWN = (
    "—", "no", "read", "write", "own", "invited", "via own")
CELLS = {HIDDEN, NO, READ, WRITE, OWN, INVITED, VIA_OWN}

# README column -> the roles of the matrices' world it stands for. "Scrum Master" and "Member"
# are of the world's team (Ledger), except `other_scrum_master`, of another team in the same
# programme; "Elsewhere in the tree" is a member of a sibling programme's team.
COLUMNS: dict[str, tuple[str, ...]] = {
    "MSM": ("msm",),
    "MSM above": ("parent_msm",),
    "Stakeholder": ("stakeholder",),
    "Scrum Master": ("scrum_master", "other_scrum_master"),
    "Member": ("member",),
    "Elsewhere in the tree": ("tree_member",),
    "Outsider": ("outsider",),
}
ROLE_COLUMN = {role: column for column, roles in COLUMNS.items() for role in roles}
PROGRAMME_ROLES = tuple(ROLE_COLUMN)


@dataclass(frozen=True)
class Row:
    label: str  # the README's first cell, word for word
    cells: tuple[str, ...]  # in the order of COLUMNS

    def cell(self, role: str) -> str:
        return self.cells[list(COLUMNS).index(ROLE_COLUMN[role])]


def row(label: str, *cells: str) -> Row:
    assert len(cells) == len(COLUMNS) and set(cells) <= CELLS, label
    return Row(label=label, cells=cells)


TABLE: dict[str, Row] = {
    "programme": row(
        "**Programme**, its teams and sprints · *write:* edit it, add teams and child "
        "programmes, invite and remove people, change sprints",
        WRITE, WRITE, READ, READ, READ, HIDDEN, HIDDEN),
    "admin": row(
        "**Programme settings**: audit log, notifications sent, integrations (chat, signed "
        "webhooks), feedback settings · *write:* change them",
        WRITE, WRITE, NO, NO, NO, HIDDEN, HIDDEN),
    "feedback": row(
        "**Feedback** items, the impediment backlog and loop metrics · *own:* raise an item, "
        "comment, and act on an item they hold or raised (acknowledge, answer, escalate; "
        "close, reopen; link a tracker item); the MSM orders the backlog the programme "
        "holds (order, definition of done, ROAM)",
        OWN, OWN, OWN, OWN, OWN, HIDDEN, HIDDEN),
    "meetings": row(
        "**Meetings** and their series · *write:* set up series, move or cancel a meeting",
        WRITE, WRITE, READ, READ, READ, HIDDEN, HIDDEN),
    "room": row(
        "**Meeting room**, live · *write:* run it (start, agenda, decisions, actions); "
        "*invited:* take notes",
        WRITE, WRITE, INVITED, INVITED, INVITED, HIDDEN, HIDDEN),
    "actions": row(
        "**Action items** of meetings, in the owner's inbox and on their team's page · "
        "*own:* mark one they own done, or reopen it; *write:* any action item",
        WRITE, WRITE, OWN, OWN, OWN, HIDDEN, HIDDEN),
    "updates": row(
        "**Daily updates** · *own:* post their team's update, say who may post it (members "
        "too, if their Scrum Master lets them), turn a blocker into an impediment",
        WRITE, WRITE, READ, OWN, READ, HIDDEN, HIDDEN),
    "dependencies": row(
        "**Dependencies** between teams · *own:* answer one asked of their team; take the "
        "date offered, deliver or drop one their team needs or provides (the MSM: any their "
        "programme needs)",
        OWN, OWN, READ, OWN, OWN, HIDDEN, HIDDEN),
    "resources": row(
        "**Resources and bookings** · *own:* request one for their team, cancel their team's "
        "request or reinstate it; *write:* add resources, confirm and decline",
        WRITE, WRITE, READ, OWN, READ, HIDDEN, HIDDEN),
    "steering": row(
        "**Steering**: dashboard, pack, snapshots, objectives and milestones · *write:* add "
        "and change objectives and milestones",
        WRITE, WRITE, READ, READ, READ, HIDDEN, HIDDEN),
    "brownbag": row(
        "**Brown Bag**: the call for talks · *write:* propose a talk, vote, ask a question",
        WRITE, WRITE, WRITE, WRITE, WRITE, HIDDEN, HIDDEN),
    "talks": row(
        "**Brown Bag talks and agenda** · *own:* change or withdraw a talk they proposed; "
        "*write:* that, and build the agenda",
        WRITE, WRITE, OWN, OWN, OWN, HIDDEN, HIDDEN),
    "register": row(
        "**Solved-first register** · *read:* search, read an entry, ask its team; *own:* "
        "record what their team solved, change its entries, say their team reused one; "
        "*write:* that, and see how knowledge spread",
        WRITE, WRITE, READ, OWN, OWN, VIA_OWN, HIDDEN),
}


def outcome_here(cell: str, need: str, role: str, theirs: frozenset | None) -> str:
    """"ok", "403" or "404" for `role` doing something that needs READ or WRITE, at the
    programme's own pages; `theirs` is who the thing belongs to (None: nobody's own)."""
    if cell in (HIDDEN, VIA_OWN):
        return "404"
    if cell == NO:
        return "403"
    if cell in (OWN, INVITED):
        cell = WRITE if theirs is not None and role in theirs else READ
    return "ok" if need == READ or cell == WRITE else "403"


def outcome_from_own(need: str, role: str, theirs: frozenset | None) -> str:
    """For VIA_OWN: the same entry reached through the person's own programme."""
    return "ok" if need == READ or (theirs is not None and role in theirs) else "404"
