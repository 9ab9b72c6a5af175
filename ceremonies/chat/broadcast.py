"""A team's update, posted once to its own chat channel (or the programme's), threaded per
channel and day."""

from __future__ import annotations

import logging
import math
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ceremonies.models import DailyUpdate
from metascrum.lib.links import absolute
from programmes.models import ChatApp, ChatPost
from programmes.notifications import chat_app
from programmes.notifications.chat_app import Message

logger = logging.getLogger(__name__)
# Longer than a post can take (chat_app.TIMEOUT): a claim older than this was abandoned.
CLAIM_TIMEOUT = timedelta(seconds=60)


def wants_broadcast(update: DailyUpdate) -> bool:
    app = (ChatApp.objects.filter(programme_id=update.team.programme_id)
           .exclude(platform=ChatApp.Platform.TEAMS).first())  # Teams' webhook cannot post
    return app is not None and bool(app.channel_for(update.team))


def update_message(update: DailyUpdate) -> Message:
    team = update.team
    health = update.get_health_display()
    lines = [_("Health: %(health)s (%(why)s)") % {"health": health, "why": update.health_reason}
             if update.health_reason else _("Health: %(health)s") % {"health": health}]
    if update.nothing_new:
        lines.append(_("Nothing new since the last update."))
    for line, text in ((_("Done: %(text)s"), update.done), (_("Next: %(text)s"), update.next),
                       (_("Slowing us down: %(text)s"), update.blockers),
                       (_("Shared resources needed: %(text)s"), update.resources_needed)):
        if text.strip():
            lines.append(line % {"text": text.strip()})
    link = absolute(reverse("ceremonies:update_history",
                            kwargs={"slug": team.programme.slug, "team_id": team.pk}))
    title = (_("%(team)s's update, by %(person)s") % {"team": team, "person": update.author}
             if update.author else _("%(team)s's update") % {"team": team})
    return Message(title=title, text="\n".join(lines), link=link)


class ClaimHeld(Exception):
    """Another worker claimed this broadcast a moment ago: look again after `wait` seconds."""

    def __init__(self, wait: int):
        super().__init__(f"Being broadcast by another worker; again in {wait} s.")
        self.wait = wait


def broadcast_update(update_id: int) -> str:
    """Post the update unless it was posted already; the first of the day in the channel
    starts the day's thread, the others answer in it. Returns "posted", "found" (a worker
    killed after posting it: found in the channel and recorded) or why not."""
    update = (DailyUpdate.objects.select_related("team__programme", "author")
              .filter(pk=update_id).first())
    if update is None:
        return "gone"
    claim = _claim(update)
    if isinstance(claim, str):
        return claim
    claim, lapsed = claim
    try:
        with transaction.atomic():
            # The app's row serialises the broadcasts of one programme: one thread per day.
            app = ChatApp.objects.select_for_update().get(pk=claim.app_id)
            day_ref = _day_ref(update, claim.channel)
            thread = ChatPost.objects.filter(app=app, ref=day_ref).first()
            thread_id = thread.message_id if thread else ""
            found = "" if lapsed is None else _find(app, claim, thread_id, lapsed)
            message_id = found or chat_app.post_message(
                app, channel=claim.channel, message=update_message(update), thread=thread_id,
                update_id=update.pk)
            _record(claim, message_id, day_ref=None if thread else day_ref)
    except chat_app.TransientDeliveryError:
        # Let the retry have it at once; it looks in the channel first, since a post that
        # timed out may have arrived all the same.
        ChatPost.objects.filter(pk=claim.pk).update(
            claimed_at=F("claimed_at") - CLAIM_TIMEOUT)
        raise
    return "found" if found else "posted"


def _find(app: ChatApp, claim: ChatPost, thread_id: str, lapsed: datetime) -> str:
    try:
        return chat_app.find_update_post(app, channel=claim.channel, thread=thread_id,
                                         update_id=int(claim.ref.partition(":")[2]),
                                         since=lapsed - CLAIM_TIMEOUT)
    except chat_app.PermanentDeliveryError:  # e.g. no history scope: post, as before
        logger.warning("Cannot search %s for %s; posting it.", claim.channel, claim.ref,
                       exc_info=True)
        return ""


def _day_ref(update: DailyUpdate, channel: str) -> str:
    day = update.posted_at.astimezone(update.team.programme.tzinfo).date().isoformat()
    return f"day:{channel}:{day}"


def _claim(update: DailyUpdate) -> tuple[ChatPost, datetime | None] | str:
    """Claim the broadcast before posting, committed, so a worker killed after posting leaves
    a trace. Returns the claim and, when an earlier claim lapsed, when that one was made."""
    with transaction.atomic():
        app = (ChatApp.objects.select_for_update().filter(programme=update.team.programme)
               .exclude(platform=ChatApp.Platform.TEAMS).first())
        channel = app.channel_for(update.team) if app is not None else ""
        if not channel:
            return "no channel"
        now = timezone.now()
        claim = ChatPost.objects.filter(app=app, ref=f"update:{update.pk}").first()
        if claim is not None and claim.state == ChatPost.State.POSTED:
            return "already posted"
        if claim is not None and claim.claimed_at > now - CLAIM_TIMEOUT:
            raise ClaimHeld(math.ceil((claim.claimed_at + CLAIM_TIMEOUT - now)
                                      .total_seconds()))
        lapsed = claim.claimed_at if claim is not None else None
        if claim is None:  # the channel of a lapsed claim stays: it may be posted there
            claim = ChatPost(app=app, ref=f"update:{update.pk}", team=update.team,
                             channel=channel)
        claim.state, claim.claimed_at = ChatPost.State.SENDING, now
        claim.save()
    return claim, lapsed


def _record(claim: ChatPost, message_id: str, *, day_ref: str | None) -> None:
    claim.state, claim.message_id, claim.posted_at = (ChatPost.State.POSTED, message_id,
                                                      timezone.now())
    claim.save(update_fields=["state", "message_id", "posted_at"])
    if day_ref is not None:
        ChatPost.objects.get_or_create(app_id=claim.app_id, ref=day_ref,
                                       defaults={"channel": claim.channel,
                                                 "message_id": message_id})
