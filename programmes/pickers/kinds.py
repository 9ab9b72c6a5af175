"""What a picker picks, people or teams: how they are searched, ranked, labelled and named.

A search is one query whatever the number of candidates: every word typed must appear in the
folded haystack (a person's name and email, a team's name and its programme's name), in any
order, without case or accents; the rows are ranked (the whole name typed, then a name or email
starting with the first word, then a later word of the name starting with it, then the rest)
and cut at LIMIT. `resolve` is the no-JavaScript path: a full email or an exact name.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, CharField, F, Model, Q, QuerySet, Value, When
from django.db.models.functions import Concat, Lower
from django.db.models.lookups import Contains, Exact, StartsWith
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from metascrum.lib.fold import Folded
from programmes.models import Person, Programme, Team

LIMIT = 20  # matches shown at once; typing more narrows them
MAX_WORDS = 6
MAX_TEXT = 254  # longer than any name or email address: nothing to look for
AMBIGUOUS = 5  # homonyms named in an error, at most


@dataclass(frozen=True)
class Kind:
    model: type[Model]
    one: str  # "person"
    many: str  # "people"
    help: str  # how to pick, under the field
    haystack: tuple[str, ...]  # the fields searched
    prefixes: tuple[str, ...]  # the fields whose start ranks a row first
    order: tuple  # the order within a rank
    shown: tuple[str, ...]  # the fields a search reads
    related: tuple[str, ...] = ()

    def label(self, obj, programme: Programme | None) -> str:
        return str(obj)

    def detail(self, obj, *, emails: bool) -> str:
        return ""

    def named(self, rows: QuerySet, text: str) -> QuerySet:
        raise NotImplementedError

    def found(self, count: int, more: bool) -> str:
        """The sentence a screen reader announces after each search."""
        raise NotImplementedError

    def candidates(self, allowed: QuerySet) -> QuerySet:
        """The allowed rows as a fresh query. Their ids are read first: in a subquery, the
        planner cannot guess how many names match the words typed and may run the allowed
        query (joins, DISTINCT) once per match: 560 ms for a word all 1,500 people match,
        against 4 + 25 ms this way (measured on a busy machine)."""
        ids = list(allowed.order_by().values_list("pk", flat=True))
        return self.model.objects.filter(pk__in=ids).select_related(*self.related)


class _People(Kind):
    def found(self, count: int, more: bool) -> str:
        if more:
            return _("The first %(count)d people found; type more to narrow them down.") % {
                "count": count}
        if count == 0:
            return _("No one found.")
        return ngettext("%(count)d person found.", "%(count)d people found.", count) % {
            "count": count}

    def detail(self, obj: Person, *, emails: bool) -> str:
        return obj.email if emails and obj.name else ""

    def named(self, rows: QuerySet, text: str) -> QuerySet:
        """An email address names one person, whatever their name; else the exact name."""
        by_email = Q(email__iexact=text)
        rows = rows.filter(by_email | Exact(Folded(F("name")), Folded(Value(text))))
        return rows.annotate(by_email=Case(When(by_email, then=Value(0)), default=Value(1)))


class _Teams(Kind):
    def found(self, count: int, more: bool) -> str:
        if more:
            return _("The first %(count)d teams found; type more to narrow them down.") % {
                "count": count}
        if count == 0:
            return _("No team found.")
        return ngettext("%(count)d team found.", "%(count)d teams found.", count) % {
            "count": count}

    def label(self, obj: Team, programme: Programme | None) -> str:
        """A team of another programme of the tree is named with its programme."""
        if programme is None or obj.programme_id == programme.pk:
            return obj.name
        return f"{obj.name} ({obj.programme.name})"

    def named(self, rows: QuerySet, text: str) -> QuerySet:
        typed = Folded(Value(text))
        with_programme = Folded(Concat(F("name"), Value(" ("), F("programme__name"), Value(")"),
                                       output_field=CharField()))
        return rows.filter(Exact(Folded(F("name")), typed) | Exact(with_programme, typed))


PEOPLE = _People(model=Person, one=gettext_lazy("person"), many=gettext_lazy("people"),
                 help=gettext_lazy("Type part of a name or an email address, then choose."),
                 haystack=("name", "email"), prefixes=("name", "email"),
                 order=(Lower("name"), "email"), shown=("name", "email"))
TEAMS = _Teams(model=Team, one=gettext_lazy("team"), many=gettext_lazy("teams"),
               help=gettext_lazy("Type part of a team's name, then choose."),

               haystack=("name", "programme__name"), prefixes=("name",),
               order=(Lower("name"), Lower("programme__name"), "pk"),
               shown=("name", "programme__name"), related=("programme",))


def _haystack(kind: Kind) -> Folded:
    parts = []
    for name in kind.haystack:
        parts += [F(name), Value(" ")]
    return Folded(Concat(*parts[:-1], output_field=CharField()))


def _rank(kind: Kind, words: list[str]) -> Case:
    whole, first = Folded(Value(" ".join(words))), Folded(Value(words[0]))
    starts = [StartsWith(Folded(F(name)), first) for name in kind.prefixes]
    name = Folded(F(kind.prefixes[0]))
    return Case(
        When(Exact(name, whole), then=Value(0)),
        *(When(lookup, then=Value(1)) for lookup in starts),
        When(Contains(name, Folded(Value(" " + words[0]))), then=Value(2)),
        default=Value(3),
    )


def search(kind: Kind, allowed: QuerySet, text: str) -> tuple[list, bool]:
    """The best LIMIT of `allowed` matching every word of `text`, and whether more match."""
    words = text.split()[:MAX_WORDS]
    rows = kind.candidates(allowed).only(*kind.shown)
    order = list(kind.order)
    if words:
        rows = rows.annotate(haystack=_haystack(kind))
        for word in words:
            rows = rows.filter(haystack__contains=Folded(Value(word)))
        rows = rows.annotate(rank=_rank(kind, words))
        order.insert(0, "rank")
    found = list(rows.order_by(*order)[:LIMIT + 1])
    return found[:LIMIT], len(found) > LIMIT


def resolve(kind: Kind, allowed: QuerySet, text: str) -> list:
    """What `text` names exactly among `allowed`: one row, several (homonyms) or none."""
    text = " ".join(text.split())
    if not text or len(text) > MAX_TEXT:
        return []
    rows = list(kind.named(kind.candidates(allowed), text).order_by(*kind.order)[:AMBIGUOUS])
    by_email = [row for row in rows if getattr(row, "by_email", 1) == 0]
    return by_email or rows
