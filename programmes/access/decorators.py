from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from programmes.access.second_factor import second_factor_missing
from programmes.permissions import programme_access


def with_programme(require: str | None = None):
    """Resolve `slug` into `access` (404 for outsiders); `require` names an Access check."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            access = programme_access(request, slug)
            if second_factor_missing(request, access.programme):
                messages.warning(request, _("%(programme)s asks everyone who signs in with a "
                                            "password to turn on two-factor authentication "
                                            "first.") % {"programme": access.programme})
                return redirect(f"{reverse('two_factor')}?"
                                f"{urlencode({'next': request.get_full_path()})}")
            if require and not getattr(access, require):
                raise PermissionDenied(_("Your role in this programme does not allow this."))

            return view(request, access, *args, **kwargs)

        return wrapper

    return decorator
