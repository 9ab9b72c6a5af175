"""A team's update, posted once to its own chat channel (or the programme's), threaded per
channel and day."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from ceremonies.models import DailyUpdate
from metascrum.lib.links import absolute
from programmes.models import ChatApp, ChatPost
from programmes.notifications import chat_app
from programmes.notifications.chat_app import Message


def wants_broadcast(update: DailyUpdate) -> bool:
    app = (ChatApp.objects.filter(programme_id=update.team.programme_id)
           .exclude(platform=ChatApp.Platform.TEAMS).first())  # Teams' webhook cannot post
    return app is not None and bool(app.channel_for(update.team))


def update_message(update: DailyUpdate) -> Message:
    team = update.team
    lines = [f"Health: {update.get_health_display()}"
             + (f" ({update.health_reason})" if update.health_reason else "")]
    if update.nothing_new:
        lines.append("Nothing new since the last update.")
    for label, text in (("Done", update.done), ("Next", update.next),
                        ("Slowing us down", update.blockers),
                        ("Shared resources needed", update.resources_needed)):
        if text.strip():
            lines.append(f"{label}: {text.strip()}")
    link = absolute(reverse("ceremonies:update_history",
                            kwargs={"slug": team.programme.slug, "team_id": team.pk}))
    return Message(title=f"{team}'s update, by {update.author or 'someone'}",
                   text="\n".join(lines), link=link)


def broadcast_update(update_id: int) -> str:
    """Post the update unless it was posted already; the first of the day in the channel
    starts the day's thread, the others answer in it. Returns "posted" or why not."""
    update = (DailyUpdate.objects.select_related("team__programme", "author")
              .filter(pk=update_id).first())
    if update is None:
        return "gone"
    programme = update.team.programme
    with transaction.atomic():
        # The app's row serialises the broadcasts of one programme: one thread per day.
        app = ChatApp.objects.select_for_update().filter(programme=programme).first()
        channel = app.channel_for(update.team) if app is not None else ""
        if not channel:
            return "no channel"
        if ChatPost.objects.filter(app=app, ref=f"update:{update.pk}").exists():
            return "already posted"
        day = update.posted_at.astimezone(programme.tzinfo).date().isoformat()
        day_ref = f"day:{channel}:{day}"
        thread = ChatPost.objects.filter(app=app, ref=day_ref).first()
        message_id = chat_app.post_message(
            app, channel=channel, message=update_message(update),
            thread=thread.message_id if thread else "")
        ChatPost.objects.create(app=app, ref=f"update:{update.pk}", team=update.team,
                                channel=channel, message_id=message_id)
        if thread is None:
            ChatPost.objects.create(app=app, ref=day_ref, channel=channel,
                                    message_id=message_id)
    return "posted"
