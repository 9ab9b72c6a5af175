"""The room's push: one server-sent event stream per watcher, fed by pub/sub.

Server-sent events rather than WebSockets: the room only ever sends one way, SSE is plain
HTTP (proxies, the CSP's `connect-src 'self'`, the session cookie all apply unchanged), and the
browser's EventSource reconnects by itself. A stream admits its viewer with the room's own
permission check, sends the state at once if the viewer's is older, then each new version as
it is announced, a comment every KEEPALIVE seconds so idle proxies keep it open, and ends after
STREAM_SECONDS: the browser reconnects (checked again), and a server can restart. Every
RECHECK_SECONDS the viewer is admitted again, and a stream whose viewer has lost the room
(removed from the programme, signed out) ends there: its reconnection is refused.

A watcher's event carries the #live fragment for their kind of viewer, rendered once per
process and version (and once overall while the shared cache answers); a facilitator's event
only says "changed", and their page fetches its own fragment, with its controls.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections import OrderedDict

from asgiref.sync import sync_to_async
from django.core.exceptions import PermissionDenied
from django.core.handlers.asgi import ASGIRequest
from django.db import close_old_connections, connections
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ceremonies.meetings.announce import channel_key
from ceremonies.meetings.lists import meeting_for_room
from ceremonies.models import Meeting
from ceremonies.room import render_cache
from metascrum.lib import pubsub
from programmes.access.decorators import with_programme
from programmes.permissions import Access

STREAM_SECONDS = 300
KEEPALIVE = 15
RECHECK_SECONDS = 60
RETRY_MS = 2000  # how long EventSource waits before reconnecting
OVER = (Meeting.State.ENDED, Meeting.State.CANCELLED)
MEMO_SIZE = 64


@with_programme()
def _admit(request: HttpRequest, access: Access, pk: int) -> tuple[int, str]:
    meeting = meeting_for_room(access.programme, pk)
    if meeting is None:
        raise Http404(_("No such meeting."))
    return meeting.version, render_cache.kind_for(access, meeting)


@require_safe
async def stream_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    admitted = await sync_to_async(_admit)(request, slug, pk)
    if isinstance(admitted, HttpResponse):  # not signed in: the sign-in redirect
        return admitted
    if not isinstance(request, ASGIRequest):
        # A WSGI server (runserver, the tests' live server) would hold a worker for the whole
        # stream and send nothing until its end: no push here, and the page polls.
        return HttpResponse(status=204)
    version, kind = admitted
    seen = request.headers.get("Last-Event-ID") or request.GET.get("v", "")
    last = int(seen) if seen.isdigit() else -1

    async def still_admitted() -> bool:
        return await sync_to_async(admitted_now)(request, slug, pk)

    response = StreamingHttpResponse(_events(pk, kind, version, last, still_admitted),
                                     content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


stream_view.activates_timezone_itself = True  # the events carry their own (render_cache)


def admitted_now(request: HttpRequest, slug: str, pk: int) -> bool:
    """Whether the stream's viewer may still see the room (one admission, then the database
    connection goes back: a stream holds none while it waits)."""
    try:
        return not isinstance(_admit(request, slug, pk), HttpResponse)
    except (Http404, PermissionDenied):
        return False
    finally:
        connections.close_all()


async def _events(pk: int, kind: str, version: int, last: int, still_admitted):
    # Hundreds of streams must not hold a database connection each while they wait.
    await sync_to_async(connections.close_all)()
    loop = asyncio.get_running_loop()
    with pubsub.hub.listen(channel_key(pk)) as queue:
        yield f"retry: {RETRY_MS}\n\n"
        if version != last:
            event, last = await _event(pk, kind, version)
            yield event
        deadline = loop.time() + STREAM_SECONDS
        recheck = loop.time() + RECHECK_SECONDS
        while (left := deadline - loop.time()) > 0:
            if loop.time() >= recheck:
                if not await still_admitted():
                    return
                recheck = loop.time() + RECHECK_SECONDS
            try:
                message = await asyncio.wait_for(
                    queue.get(), max(0.001, min(KEEPALIVE, left, recheck - loop.time())))
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            while not queue.empty():  # fallen behind: only the latest state matters
                message = queue.get_nowait()
            if message.get("version", 0) > last:
                event, last = await _event(pk, kind, message["version"])
                yield event


async def _event(pk: int, kind: str, version: int) -> tuple[str, int]:
    if not render_cache.shared(kind):
        return f"event: changed\nid: {version}\ndata: {version}\n\n", version
    found = await _fragment(pk, version, kind)
    if found is None:
        return "event: over\ndata: gone\n\n", version
    state, now, html = found
    if state in OVER:
        return f"event: over\nid: {now}\ndata: {state}\n\n", now
    data = "".join(f"data: {line}\n" for line in html.splitlines())
    return f"event: live\nid: {now}\n{data}\n", now


_memo: OrderedDict[tuple, asyncio.Task] = OrderedDict()


async def _fragment(pk: int, version: int, kind: str):
    """(state, version, html) for `kind` at about `version`: one render task per process for
    all the streams that ask, run outside any one request (its thread ends with it)."""
    wanted = (pk, version, kind)
    task = _memo.get(wanted)
    if task is None or task.get_loop() is not asyncio.get_running_loop():
        task = asyncio.get_running_loop().create_task(
            sync_to_async(_fragment_now)(pk, kind), context=contextvars.Context())
        _memo[wanted] = task
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return await asyncio.shield(task)


def _fragment_now(pk: int, kind: str):
    close_old_connections()
    try:
        found = render_cache.watcher_fragment_now(pk, kind)
        if found is None:
            return None
        meeting, html = found
        return meeting.state, meeting.version, html
    finally:
        connections.close_all()
