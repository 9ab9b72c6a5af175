"""The pickers' search: what a person may pick for one field, matching what they typed."""

from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from metascrum.lib.text import text_problem
from programmes.access.decorators import with_programme
from programmes.permissions import Access
from programmes.pickers.kinds import MAX_TEXT, search
from programmes.pickers.sources import source_named


@with_programme()
@require_safe
def pick(request: HttpRequest, access: Access, source: str) -> JsonResponse:
    """Up to LIMIT matches of `q` among the choices of `source`, best first, as JSON:
    `{"results": [{"value", "label", "detail"}], "more": bool, "status": "3 people found."}`.
    Email addresses are shown to those who manage the programme (its People page shows them)."""
    found = source_named(source)
    if found is None:
        raise Http404(_("No such picker."))
    allowed = found.choices(access, request.GET)
    text = request.GET.get("q", "")[:MAX_TEXT]
    if problem := text_problem(text):
        return JsonResponse({"error": problem}, status=400)
    kind = found.kind
    rows, more = search(kind, allowed, text)
    results = [{"value": str(row.pk), "label": kind.label(row, access.programme),
                "detail": kind.detail(row, emails=access.may_manage)} for row in rows]
    return JsonResponse({"results": results, "more": more, "status": kind.found(len(rows), more)})
