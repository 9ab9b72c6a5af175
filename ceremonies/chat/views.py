"""The endpoints the chat platforms call, and the page that links a chat account.

Each request is verified first (Slack's signature within its replay window; Mattermost's
slash command token, or the context we signed into its buttons and dialogs): anything else is
a 401 and changes nothing. A request already acted on (a retry: the same body) is answered
without acting again. Slow work (direct messages, changing a message) goes to a worker.
"""

from __future__ import annotations

import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ceremonies.chat import blocks, linking, services, signing, tasks, teams
from ceremonies.chat.services import Caller, Reply
from programmes.models import ChatApp, ChatReceipt
from programmes.notifications import chat_app

logger = logging.getLogger(__name__)
SLACK, MATTERMOST, TEAMS = (ChatApp.Platform.SLACK, ChatApp.Platform.MATTERMOST,
                           ChatApp.Platform.TEAMS)


def _app(slug: str, platform: str) -> ChatApp:
    app = (ChatApp.objects.select_related("programme")
           .filter(programme__slug=slug, platform=platform).first())
    if app is None:
        raise Http404("No chat app of this kind here.")
    return app


def _unauthorised(why: str) -> HttpResponse:
    return HttpResponse(why, status=401, content_type="text/plain")


def _queue(task, *args) -> None:
    try:
        task.delay(*args)
    except Exception:  # the broker is down: say so in the log, answer the person anyway
        logger.warning("Broker unavailable: %s not queued.", task.name, exc_info=True)


def _send_link(reply: Reply, caller: Caller) -> None:
    if reply.link_token:
        _queue(tasks.chat_send_link, caller.app.pk, caller.user_id, reply.link_token)


def _ephemeral(app: ChatApp, reply: Reply) -> dict:
    rendered = [chat_app.render(app, m) for m in reply.ephemeral]
    if app.platform == SLACK:
        return {"response_type": "ephemeral",
                "text": "\n".join(r["text"] for r in rendered),
                "blocks": [b for r in rendered for b in r["blocks"]]}
    return {"response_type": "ephemeral", "text": "",
            "attachments": [a for r in rendered for a in r["props"]["attachments"]]}


def _in_workspace(app: ChatApp, team_id: str) -> bool:
    return not app.workspace or team_id == app.workspace


# --- the slash command --------------------------------------------------------------------------

@csrf_exempt
@require_POST
def command_view(request: HttpRequest, slug: str, platform: str) -> HttpResponse:
    app = _app(slug, platform)
    request.body  # noqa: B018 (kept as it came, for the signature, before the form is parsed)
    if platform == TEAMS:
        return _teams_message(request, app)
    form = request.POST
    if platform == SLACK:
        verified = signing.slack_verified(app, headers=request.headers, body=request.body,
                                          now=timezone.now())
    else:
        verified = signing.mattermost_token_ok(app, form.get("token", ""))
    if not verified or not _in_workspace(app, form.get("team_id", "")):
        return _unauthorised("This request is not signed by the programme's chat app.")
    if not services.first_delivery(app, request.body):
        return HttpResponse(status=200)
    caller = Caller(app=app, user_id=form.get("user_id", ""), user_name=form.get("user_name", ""),
                    trigger_id=form.get("trigger_id", ""),
                    response_url=form.get("response_url", ""))
    person = services.person_of(caller)
    if person is None:
        reply = services.link_offer(caller)
        _send_link(reply, caller)
    else:
        reply = services.command(caller, person, form.get("text", ""))
    if not reply.ephemeral:
        return HttpResponse(status=200)
    return JsonResponse(_ephemeral(app, reply))


def _teams_message(request: HttpRequest, app: ChatApp) -> HttpResponse:
    """An outgoing webhook's message: answered at once, in the channel."""
    if not signing.teams_verified(app, headers=request.headers, body=request.body):
        return _unauthorised("This request is not signed by the programme's Teams webhook.")
    activity = teams.read_activity(request.body)
    if activity is None or not activity.user_id:
        return HttpResponse(_("Not a Teams message activity."), status=400)
    if not teams.fresh(activity, timezone.now()) or not _in_workspace(app, activity.tenant):
        return _unauthorised("This message is too old or from another tenant.")
    if not services.first_delivery(app, f"teams:{activity.id}".encode()):
        return JsonResponse(teams.reply(_("Done already: this message was received before.")))
    return JsonResponse(teams.reply(teams.answer(app, activity)))


# --- buttons and dialogs ------------------------------------------------------------------------

@csrf_exempt
@require_POST
def interaction_view(request: HttpRequest, slug: str, platform: str) -> HttpResponse:
    app = _app(slug, platform)
    request.body  # noqa: B018 (kept as it came, for the signature, before the form is parsed)
    if platform == TEAMS:
        raise Http404("A Teams outgoing webhook has no buttons or forms.")
    if platform == SLACK:
        return _slack_interaction(request, app)
    return _mattermost_interaction(request, app)


def _slack_interaction(request: HttpRequest, app: ChatApp) -> HttpResponse:
    if not signing.slack_verified(app, headers=request.headers, body=request.body,
                                  now=timezone.now()):
        return _unauthorised("This request is not signed by the programme's chat app.")
    try:
        payload = json.loads(request.POST.get("payload", ""))
        user = payload["user"]
    except (ValueError, KeyError, TypeError):
        return HttpResponse(_("Not a Slack interaction payload."), status=400)
    if not _in_workspace(app, (payload.get("team") or {}).get("id", user.get("team_id", ""))):
        return _unauthorised("This request comes from another workspace.")
    if not services.first_delivery(app, request.body):
        return HttpResponse(status=200)
    caller = Caller(app=app, user_id=user.get("id", ""),
                    user_name=user.get("username") or user.get("name", ""),
                    trigger_id=payload.get("trigger_id", ""),
                    response_url=payload.get("response_url", ""))
    person = services.person_of(caller)
    if payload.get("type") == "view_submission":
        return _slack_submission(request, caller, person, payload.get("view") or {})
    action = (payload.get("actions") or [{}])[0]
    if action.get("action_id") == "link" or payload.get("type") != "block_actions":
        return HttpResponse(status=200)  # a link button: the browser opens it
    if person is None:
        reply = services.link_offer(caller)
        _send_link(reply, caller)
    else:
        reply = services.action(caller, person, action.get("action_id", ""),
                                action.get("value", ""))
    _answer_later(caller, reply, {"response_url": caller.response_url})
    return HttpResponse(status=200)


def _answer_later(caller: Caller, reply: Reply, origin: dict) -> None:
    """Slack: the message a button was on changes, or its presser is told, through the
    response URL, by a worker."""
    if reply.replace is not None:
        _queue(tasks.chat_respond, caller.app.pk, origin, reply.replace.as_dict(), True)
    for message in reply.ephemeral:
        _queue(tasks.chat_respond, caller.app.pk, origin, message.as_dict(), False)


def _forget(app: ChatApp, body: bytes) -> None:
    """A refused dialog may be sent again as it was, corrected or not: it was not acted on."""
    ChatReceipt.objects.filter(app=app, key=services.receipt_key(body)).delete()


def _slack_submission(request, caller: Caller, person, view: dict) -> HttpResponse:
    if person is None:
        _forget(caller.app, request.body)
        return JsonResponse({"response_action": "errors",
                             "errors": {"done": _("Link your metascrum account first: type "
                                                  "/metascrum.")}})
    reply, origin = services.dialog_submitted(caller, person, view.get("callback_id", ""),
                                              view.get("private_metadata", ""),
                                              blocks.slack_values(view))
    if reply.errors or reply.ephemeral:
        _forget(caller.app, request.body)
        errors = reply.errors or {_first_field(view): reply.ephemeral[0].title}
        return JsonResponse({"response_action": "errors", "errors": errors})
    if reply.replace is not None and origin.get("response_url"):
        _queue(tasks.chat_respond, caller.app.pk, origin, reply.replace.as_dict(), True)
    return HttpResponse(status=200)


def _first_field(view: dict) -> str:
    values = (view.get("state") or {}).get("values") or {"done": None}
    return next(iter(values))


def _mattermost_interaction(request: HttpRequest, app: ChatApp) -> HttpResponse:
    try:
        payload = json.loads(request.body)
        user_id = str(payload["user_id"])
    except (ValueError, KeyError, TypeError):
        return HttpResponse(_("Not a Mattermost interaction."), status=400)
    caller = Caller(app=app, user_id=user_id, user_name=str(payload.get("user_name", "")),
                    trigger_id=str(payload.get("trigger_id", "")),
                    post_id=str(payload.get("post_id", "")))
    if payload.get("type") == "dialog_submission":
        return _mattermost_submission(request, caller, payload)
    context = payload.get("context") or {}
    if not isinstance(context, dict) or not signing.context_ok(app, context, user_id):
        return _unauthorised("This button was not signed by metascrum for you.")
    if not services.first_delivery(app, request.body):
        return JsonResponse({})
    person = services.person_of(caller)
    if person is None:
        reply = services.link_offer(caller)
        _send_link(reply, caller)
    else:
        reply = services.action(caller, person, str(context.get("action", "")),
                                str(context.get("value", "")))
    answer: dict = {}
    if reply.replace is not None:
        answer["update"] = {"message": "",
                            "props": chat_app.render(app, reply.replace)["props"]}
    if reply.ephemeral:
        answer["ephemeral_text"] = "\n".join(
            f"{m.title}. {m.text}".strip() for m in reply.ephemeral)
    return JsonResponse(answer)


def _mattermost_submission(request, caller: Caller, payload: dict) -> HttpResponse:
    state = str(payload.get("state", ""))
    if blocks.read_state(caller.app, caller.user_id, state) is None:
        return _unauthorised("This form was not opened by metascrum for you.")
    if payload.get("cancelled"):
        return JsonResponse({})
    if not services.first_delivery(caller.app, request.body):
        return JsonResponse({})
    person = services.person_of(caller)
    if person is None:
        _forget(caller.app, request.body)
        return JsonResponse({"error": _("Link your metascrum account first: type /metascrum.")})
    submission = payload.get("submission") or {}
    values = {str(k): "" if v is None else str(v) for k, v in submission.items()}
    reply, origin = services.dialog_submitted(caller, person, str(payload.get("callback_id")),
                                              state, values)
    if reply.errors or reply.ephemeral:
        _forget(caller.app, request.body)
        if reply.errors:
            return JsonResponse({"errors": reply.errors})
        return JsonResponse({"error": reply.ephemeral[0].title})
    if reply.replace is not None and origin.get("post_id"):
        _queue(tasks.chat_respond, caller.app.pk, origin, reply.replace.as_dict(), True)
    return JsonResponse({})


# --- linking ------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def link_view(request: HttpRequest, token: str) -> HttpResponse:
    found = linking.link_token_for(token)
    context = {"found": found, "error": ""}
    if found is None or found.used_at is not None or found.expires_at < timezone.now():
        context["error"] = linking.EXPIRED_LINK
        return render(request, "ceremonies/chat/link.html", context, status=410)
    if request.method == "POST":
        try:
            identity = linking.link_confirm(token=token, person=request.user)
        except linking.LinkRefused as refused:
            context["error"] = str(refused)
            return render(request, "ceremonies/chat/link.html", context, status=403)
        messages.success(request, _("Your %(platform)s account %(account)s is linked: act "
                                    "from chat now.")
                         % {"platform": found.app.get_platform_display(),
                            "account": identity.user_name or identity.user_id})
        return redirect("programmes:home", slug=found.app.programme.slug)
    return render(request, "ceremonies/chat/link.html", context)
