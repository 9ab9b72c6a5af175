"""The cheap path of the room's poll: "still version N" without a session or a permission check.

The room page puts a signed token in its poll URL (bound to the meeting and the viewer, valid
for a day; in a fragment shared by every watcher, render_cache.py, to the meeting alone: this
path never read the viewer, so that reveals nothing more). With a valid token an unchanged
state costs one indexed query and reveals nothing the viewer did not already see: only that
the version they show is still current. Any other answer (a change, no token, an expired one)
goes through the full, permission-checked view.
"""

from __future__ import annotations

from django.core import signing

from ceremonies.models import Meeting

SALT = "ceremonies.room.live-poll"
MAX_AGE = 24 * 3600


def poll_token(*, person, meeting: Meeting) -> str:
    return signing.dumps([person.pk if person else None, meeting.pk], salt=SALT,
                         compress=False)


def still_current(request, pk: int) -> bool:
    token, seen = request.GET.get("t"), request.GET.get("v")
    if not token or not seen:
        return False
    try:
        _person, meeting = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return False
    if meeting != pk:
        return False
    version = Meeting.objects.filter(pk=pk).order_by().values_list("version", flat=True).first()
    return version is not None and str(version) == seen
