from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from programmes.permissions import programme_access


def with_programme(require: str | None = None):
    """Resolve `slug` into `access` (404 for outsiders); `require` names an Access check."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            access = programme_access(request, slug)
            if require and not getattr(access, require):
                raise PermissionDenied("Your role in this programme does not allow this.")
            return view(request, access, *args, **kwargs)

        return wrapper

    return decorator
