"""Pages for notifications: a person's preferences, and the MSM's view of the outbox."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from programmes.access.decorators import with_programme
from programmes.models import Notification
from programmes.notifications import outbox
from programmes.notifications.forms import NotificationPreferenceForm
from programmes.permissions import Access

PAGE_SIZE = 25


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    preference = outbox.notification_preferences_for(request.user)
    form = NotificationPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        try:
            outbox.notification_preferences_update(preference=preference, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("programmes:notification_preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@with_programme(require="may_manage")
@require_safe
def programme_notifications(request: HttpRequest, access: Access) -> HttpResponse:
    programme = access.programme
    state = request.GET.get("state", "")
    if state not in Notification.State.values:
        state = ""
    page = Paginator(outbox.programme_notifications(programme, state=state or None),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"access": access, "programme": programme, "state": state, "page": page,
               "states": Notification.State.choices}
    template = "notifications/programme.html"
    if request.htmx:
        return render(request, template + "#notification-list", context)
    context["counts"] = outbox.programme_notification_counts(programme)
    context["failing"] = outbox.programme_failing_addresses(programme)
    return render(request, template, context)
