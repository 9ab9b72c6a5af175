"""The solved-first register: record, search across the programme tree, reuse, ask.

Entries are visible to the whole tree a programme sits in (its root and every descendant), so
a child programme finds what its sibling solved. Search is PostgreSQL full-text search with
weights (tags A, problem B, write-up C) on PostgreSQL, and a plain `icontains` match ranked
the same way on SQLite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ceremonies.brownbag.services import BrownBagError, ask_team, forbidden
from ceremonies.models import RegisterEntry, Reuse, Talk
from feedback.models import FeedbackItem
from feedback.services import FeedbackError, feedback_raise
from programmes.audit import audit_record, changed_fields
from programmes.models import Person, Programme, Team
from programmes.permissions import access_for

# Keep in step with the GIN index of migration 0003_brownbag.
SEARCH_VECTOR = (SearchVector("tags", weight="A", config="english")
                 + SearchVector("problem", weight="B", config="english")
                 + SearchVector("write_up", weight="C", config="english"))
MAX_TAGS, MAX_TAG_LENGTH = 12, 40
RESULTS = 50
# Private-use characters mark matches; the text is escaped before they become <mark>.
START, STOP = "\ue000", "\ue001"


def tags_normalize(text: str) -> str:
    """"Auth , Feature  Flags,auth" → "auth, feature flags": lower case, single spaces,
    no duplicates, in the order typed."""
    seen: dict[str, None] = {}
    for part in (text or "").replace(";", ",").split(","):
        tag = " ".join(part.replace(START, "").replace(STOP, "").split()).lower()
        if tag:
            seen.setdefault(tag[:MAX_TAG_LENGTH], None)
    if len(seen) > MAX_TAGS:
        raise BrownBagError(_("At most %(MAX_TAGS)s tags.") % {"MAX_TAGS": MAX_TAGS}, status=400)
    return ", ".join(seen)


def tree_root_id(programme: Programme) -> int:
    return programme.ancestor_ids[0] if programme.ancestor_ids else programme.pk


def in_tree(programme: Programme) -> Q:
    """Rows of the whole tree `programme` sits in: one indexed prefix match on the path."""
    return Q(programme__path__startswith=f"/{tree_root_id(programme)}/")


def same_tree(a: Programme, b: Programme) -> bool:
    return tree_root_id(a) == tree_root_id(b)


def visible_entries(programme: Programme) -> QuerySet[RegisterEntry]:
    return (RegisterEntry.objects.filter(in_tree(programme))
            .select_related("team", "programme", "talk")
            .prefetch_related(Prefetch("reuses", queryset=Reuse.objects.select_related("team")
                                       .order_by("team__name"))))


def entry_for(programme: Programme, entry_id: int) -> RegisterEntry | None:
    """The entry, if the programme's tree holds it (anything else does not exist here)."""
    return visible_entries(programme).filter(pk=entry_id).first()


# --- search -----------------------------------------------------------------------------------

@dataclass
class Hit:
    entry: RegisterEntry
    problem: SafeString
    tags: list[tuple[str, bool]]  # (tag, matched)
    excerpt: SafeString
    rank: float = 0.0


def mark(text: str) -> SafeString:
    """Escape user text, then turn the match markers into <mark> elements."""
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))


def _terms(q: str) -> list[str]:
    return [t for t in re.findall(r"\w+", q.lower()) if len(t) > 1][:8]


def _mark_terms(text: str, terms: list[str]) -> str:
    if not terms:
        return text
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    return pattern.sub(lambda m: START + m.group(0) + STOP, text)


def _excerpt(text: str, terms: list[str], width: int = 240) -> str:
    lower = text.lower()
    first = min((i for i in (lower.find(t) for t in terms) if i >= 0), default=0)
    start = max(0, first - width // 3)
    piece = text[start:start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


def _tags(marked: str) -> list[tuple[str, bool]]:
    return [(part.replace(START, "").replace(STOP, "").strip(), START in part)
            for part in marked.split(",") if part.strip()]


def register_search(*, programme: Programme, q: str = "") -> list[Hit]:
    """The best RESULTS entries of the tree for `q` (most recent first without one); a tag
    match ranks above a problem match, which ranks above a mention in the write-up."""
    q = (q or "").strip()[:200]
    entries = visible_entries(programme)
    if not q:
        return [Hit(entry=e, problem=mark(e.problem), tags=[(t, False) for t in e.tag_list],
                    excerpt=mark(_excerpt(e.write_up, []))) for e in entries[:RESULTS]]
    if connection.vendor == "postgresql":
        return _search_postgres(entries, q)
    return _search_simple(entries, q)


def _search_postgres(entries: QuerySet[RegisterEntry], q: str) -> list[Hit]:
    query = SearchQuery(q, search_type="websearch", config="english")
    marks = {"start_sel": START, "stop_sel": STOP, "config": "english"}
    found = (entries.annotate(search=SEARCH_VECTOR).filter(search=query)
             .annotate(rank=SearchRank(SEARCH_VECTOR, query),
                       problem_marked=SearchHeadline("problem", query, highlight_all=True,
                                                     **marks),
                       tags_marked=SearchHeadline("tags", query, highlight_all=True, **marks),
                       excerpt_marked=SearchHeadline("write_up", query, max_words=40,
                                                     min_words=15, max_fragments=2,
                                                     fragment_delimiter=" … ", **marks))
             .order_by("-rank", "-solved_on", "-pk")[:RESULTS])
    return [Hit(entry=e, problem=mark(e.problem_marked), tags=_tags(e.tags_marked),
                excerpt=mark(e.excerpt_marked), rank=e.rank) for e in found]


def _search_simple(entries: QuerySet[RegisterEntry], q: str) -> list[Hit]:
    terms = _terms(q) or [q.lower()]
    match = Q()
    for term in terms:
        match &= (Q(tags__icontains=term) | Q(problem__icontains=term)
                  | Q(write_up__icontains=term))
    hits = []
    for e in entries.filter(match)[:RESULTS * 4]:
        score = sum(4 * (term in e.tags.lower()) + 2 * (term in e.problem.lower())
                    + (term in e.write_up.lower()) for term in terms)
        hits.append(Hit(entry=e, problem=mark(_mark_terms(e.problem, terms)),
                        tags=_tags(_mark_terms(e.tags, terms)),
                        excerpt=mark(_mark_terms(_excerpt(e.write_up, terms), terms)),
                        rank=score))
    hits.sort(key=lambda h: (-h.rank, -h.entry.solved_on.toordinal(), -h.entry.pk))
    return hits[:RESULTS]


# --- writes -----------------------------------------------------------------------------------

def may_record_for(person: Person, team: Team) -> bool:
    access = access_for(person, team.programme)
    return access.member_of(team) or access.may_manage


@transaction.atomic
def register_record(*, team: Team, by: Person, problem: str, write_up: str,
                    solved_on: date, tags: str = "", links: str = "",
                    talk: Talk | None = None) -> RegisterEntry:
    """A team records a problem it solved first; its people or the MSM only."""
    if not may_record_for(by, team):
        raise forbidden(_("Only people of %(team)s or the MSM record what %(team)s solved.")
                        % {"team": team})
    if talk is not None and talk.programme_id != team.programme_id:
        raise BrownBagError(_("That talk belongs to another programme."), status=400)
    entry = RegisterEntry(programme=team.programme, team=team, problem=problem,
                          tags=tags_normalize(tags), solved_on=solved_on, write_up=write_up,
                          links=links, talk=talk, recorded_by=by)
    entry.full_clean()
    entry.save()
    audit_record(programme=team.programme, actor=by, action="register.record", obj=entry,
                 summary=f"{team} solved first: {entry.problem}")
    return entry


ENTRY_FIELDS = ("problem", "tags", "team", "solved_on", "write_up", "links", "talk")


@transaction.atomic
def register_edit(*, entry: RegisterEntry, by: Person, **changes) -> RegisterEntry:
    """The entry's team (or the MSM) corrects or completes what it recorded."""
    unknown = set(changes) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    new_team = changes.get("team", entry.team)
    if not (may_record_for(by, entry.team) and may_record_for(by, new_team)):
        raise forbidden(_("Only people of %(team)s or the MSM change what it recorded.")
                        % {"team": entry.team})
    if new_team.programme_id != entry.programme_id:
        raise BrownBagError(_("%(new_team)s is not a team of %(programme)s.")
                            % {"new_team": new_team, "programme": entry.programme}, status=400)
    talk = changes.get("talk")
    if talk is not None and talk.programme_id != entry.programme_id:
        raise BrownBagError(_("That talk belongs to another programme."), status=400)
    if "tags" in changes:
        changes["tags"] = tags_normalize(changes["tags"])
    before = {name: getattr(entry, name) for name in changes}
    for name, value in changes.items():
        setattr(entry, name, value)
    entry.full_clean(exclude=["recorded_by"])  # the recorder may have left since
    entry.save()
    changed = changed_fields(before, changes)
    audit_record(programme=entry.programme, actor=by, action="register.edit", obj=entry,
                 summary=f"Register entry changed: {entry.problem}", changes=changed)
    return entry


def register_reuse(*, entry: RegisterEntry, team: Team, by: Person,
                   note: str = "") -> Reuse:
    """Another team of the tree says "we used this"; once per team."""
    if team.pk == entry.team_id:
        raise BrownBagError(_("%(team)s wrote this entry; other teams record their reuse.")
                            % {"team": team},
                            status=400)
    if not same_tree(team.programme, entry.programme):
        raise BrownBagError(_("%(team)s is not in the programme tree of this entry.")
                            % {"team": team}, status=400)
    if not may_record_for(by, team):
        raise forbidden(_("Only people of %(team)s or the MSM say that %(team)s used it.")
                        % {"team": team})
    reuse = Reuse(entry=entry, team=team, note=note.strip(), recorded_by=by)
    reuse.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            reuse.save()
    except IntegrityError:
        raise BrownBagError(_("%(team)s has already said it used this.") % {"team": team}) from None
    return reuse


def register_ask(*, entry: RegisterEntry, by: Person, via: Programme, title: str,
                 details: str = "") -> FeedbackItem:
    """"Ask this team": a question routed to the entry's team. Someone from another programme
    of the tree cannot reach that team directly, so their question goes up to their own MSM,
    naming the team, to pass across."""
    about = _("About the solved-first entry “%(problem)s” of %(team)s (%(programme)s).") % {
        "problem": entry.problem, "team": entry.team, "programme": entry.programme}
    details = (details.strip() + "\n\n" if details.strip() else "") + about
    if access_for(by, entry.programme).may_view:
        return ask_team(team=entry.team, by=by, title=title, details=details, source="register")
    if not same_tree(via, entry.programme):
        raise BrownBagError(_("This entry is not in your programme tree."), status=400)
    access = access_for(by, via)
    own = sorted((t for t in via.teams.all() if access.member_of(t)), key=lambda t: t.name)
    origin = own[0] if own and not access.may_manage else None
    try:
        return feedback_raise(programme=via, kind=FeedbackItem.Kind.QUESTION,
                              title=(_("For %(team)s: %(title)s")
                                     % {"team": entry.team, "title": title})[:200], details=details,
                              direction=FeedbackItem.Direction.UP, origin_team=origin,
                              raised_by=by, source="register")
    except FeedbackError as refused:
        raise BrownBagError(str(refused), status=refused.status) from None


def knowledge_spread(programme: Programme) -> list[RegisterEntry]:
    """The tree's entries by how many other teams reused them (most first)."""
    return list(visible_entries(programme).annotate(reuse_count=Count("reuses"))
                .order_by("-reuse_count", "-solved_on", "-pk")[:100])
