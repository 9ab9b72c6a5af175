"""Linking a chat account to its person: the one-time link sent in a direct message, and its
confirmation by the person signed in to metascrum."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metascrum.lib.links import absolute
from programmes.models import ChatApp, ChatIdentity, ChatLinkToken, Person
from programmes.models.chat import link_token_hash
from programmes.notifications import chat_app
from programmes.notifications.chat_app import Message
from programmes.permissions import access_for


def link_message(app: ChatApp, token: str) -> Message:
    link = absolute(reverse("ceremonies:chat_link", kwargs={"token": token}))
    return Message(title=_("Link your chat account to metascrum (%(programme)s)")
                   % {"programme": app.programme},
                   text=_("Open this one-time link while signed in to metascrum, within an "
                          "hour. Until then the app does nothing in your name."), link=link)


def link_send(app: ChatApp, *, user_id: str, token: str) -> None:
    """Write the link to the person directly (a worker does this: it calls the platform),
    after noting the account's email address for the check when it is opened."""
    try:
        email = chat_app.user_email(app, user_id)
    except chat_app.PermanentDeliveryError:  # the app may not read emails: the link still goes
        email = ""
    channel = chat_app.direct_channel(app, user_id)
    ChatLinkToken.objects.filter(token_hash=link_token_hash(token)).update(
        email=email[:254], dm_channel=channel)
    chat_app.post_message(app, channel=channel, message=link_message(app, token))


class LinkRefused(Exception):
    pass


EXPIRED_LINK = gettext_lazy("This link was used already or has expired. Ask the chat app for "
                            "a new one: type /metascrum (Slack, Mattermost) or @metascrum link "
                            "(Teams).")


def link_token_for(token: str) -> ChatLinkToken | None:
    return (ChatLinkToken.objects.filter(token_hash=link_token_hash(token))
            .select_related("app__programme").first())


@transaction.atomic
def link_confirm(*, token: str, person: Person) -> ChatIdentity:
    """Link the chat account the token was sent to with `person`, once."""
    found = (ChatLinkToken.objects.select_for_update()
             .filter(token_hash=link_token_hash(token)).select_related("app__programme")
             .first())
    if found is None or found.used_at is not None or found.expires_at < timezone.now():
        raise LinkRefused(str(EXPIRED_LINK))
    app = found.app
    if found.email and found.email.lower() != (person.email or "").lower():
        raise LinkRefused(_("This link is for the chat account of %(theirs)s, not yours "
                            "(%(yours)s). Type /metascrum in your own chat account for a link "
                            "of your own.") % {"theirs": found.email, "yours": person.email})
    if not access_for(person, app.programme).may_view:
        raise LinkRefused(_("You have no role in %(programme)s, whose chat app sent this "
                            "link.") % {"programme": app.programme})
    found.used_at = timezone.now()
    found.save(update_fields=["used_at"])
    ChatIdentity.objects.filter(app=app).filter(user_id=found.user_id).delete()
    identity, _created = ChatIdentity.objects.update_or_create(
        app=app, person=person,
        defaults={"user_id": found.user_id, "user_name": found.user_name,
                  "dm_channel": found.dm_channel, "linked_at": timezone.now()})
    return identity
