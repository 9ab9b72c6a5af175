"""`Idempotency-Key` on every POST of the API: a client that retries after a timeout gets the
first answer again and changes nothing twice.

The key is the client's, scoped to its token. The first request with it claims the key by
inserting a row (unique per token and key) in the same transaction as everything the request
changes, and stores its answer there before committing. A retry that arrives meanwhile waits
on that unique key in the database, then finds the stored answer: no check-then-insert, so no
race. A 5xx rolls the whole request back, the claim included, so the key can be used again.
The same key with a different request (method, path or body) is a 422. Answers are kept for
24 hours: `forget_expired` (Celery beat, hourly) deletes older ones, and an expired key found
on the way is released there and then.
"""

import hashlib
import re
from datetime import timedelta
from functools import wraps

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils.timezone import now
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metascrum.lib.api_errors import NOT_VALID, UNPROCESSABLE, error_body
from programmes.access.tokens import active_token
from programmes.models import ApiToken, IdempotentRequest

HEADER = "Idempotency-Key"
KEPT_FOR = timedelta(hours=24)
KEY = re.compile(r"[\x21-\x7e]{1,255}")
BAD_KEY = gettext_lazy("Send 1 to 255 visible ASCII characters, such as a UUID.")
OTHER_REQUEST = gettext_lazy("This Idempotency-Key was used in the last 24 hours for a different "
                             "request; send a new key for a new request.")
REPLAYED = "Idempotent-Replayed"


def idempotent(run):
    """Wraps an API operation (ninja's view mode: around authentication and the operation)."""

    @wraps(run)
    def operation(request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None:
            return run(request, *args, **kwargs)
        if not KEY.fullmatch(key):
            return JsonResponse(error_body(NOT_VALID, {HEADER: [str(BAD_KEY)]}), status=400)
        token = active_token(_bearer(request))
        try:
            fingerprint = _fingerprint(request)
        except RequestDataTooBig:
            token = None  # the operation answers 413
        if token is None:  # nothing to remember: it answers 401
            return run(request, *args, **kwargs)
        with transaction.atomic():
            earlier = _claim(token, key, fingerprint)
            if earlier is not None:
                return _again(earlier, fingerprint)
            response = run(request, *args, **kwargs)
            if response.status_code >= 500 or response.streaming:
                transaction.set_rollback(True)
                return response
            IdempotentRequest.objects.filter(token=token, key=key).update(
                status=response.status_code, headers=dict(response.items()),
                body=response.content)
        return response

    return operation


def _bearer(request) -> str:
    scheme, _space, raw = request.headers.get("Authorization", "").partition(" ")
    return raw.strip() if scheme.lower() == "bearer" else ""


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.get_full_path().encode(), request.body):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def _claim(token: ApiToken, key: str, fingerprint: str) -> IdempotentRequest | None:
    """None when this request holds the key now; else the earlier request's stored answer."""
    for _attempt in range(2):

        try:
            with transaction.atomic():
                IdempotentRequest.objects.create(token=token, key=key, fingerprint=fingerprint)
            return None
        except IntegrityError:
            earlier = IdempotentRequest.objects.get(token=token, key=key)
        if earlier.created_at > now() - KEPT_FOR:
            return earlier
        IdempotentRequest.objects.filter(pk=earlier.pk, created_at=earlier.created_at).delete()
    return earlier


def _again(earlier: IdempotentRequest, fingerprint: str) -> HttpResponse:
    if earlier.fingerprint != fingerprint:
        return JsonResponse(error_body(_("The request cannot be carried out as sent."),
                                       {HEADER: [str(OTHER_REQUEST)]}), status=UNPROCESSABLE)
    response = HttpResponse(bytes(earlier.body), status=earlier.status)
    for name, value in earlier.headers.items():
        response[name] = value
    response[REPLAYED] = "true"
    return response


def forget_expired() -> int:
    """Delete the answers kept longer than 24 hours; how many went."""
    deleted, _by_model = IdempotentRequest.objects.filter(
        created_at__lte=now() - KEPT_FOR).delete()
    return deleted
