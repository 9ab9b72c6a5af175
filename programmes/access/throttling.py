"""The API's rate limits (django-ninja's throttling, in the cache): per token, and per
address for requests without a valid token. Limits come from settings (API_RATE_PER_TOKEN,
API_RATE_PER_ADDRESS, e.g. "600/min"), read at each request. A token's burst only fills its
own count: another token, even from the same address, is never slowed by it."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import Throttled
from ninja.throttling import SimpleRateThrottle


class _SettingRate(SimpleRateThrottle):
    setting: str

    def __init__(self):
        super().__init__(rate="1/s")  # replaced from settings at each request

    def allow_request(self, request: HttpRequest) -> bool:
        rate = getattr(settings, self.setting)
        if not rate:
            return True
        self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)


class TokenThrottle(_SettingRate):
    """Each token its own count, keyed by a digest of the token (never the token itself)."""

    scope = "api-token"
    setting = "API_RATE_PER_TOKEN"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
        if getattr(request, "auth", None) is None or not raw:
            return None
        return self.cache_format % {"scope": self.scope,
                                    "ident": hashlib.sha256(raw.encode()).hexdigest()}


class AddressThrottle(_SettingRate):
    """Requests without a valid token (guesses included), counted per client address."""

    scope = "api-address"
    setting = "API_RATE_PER_ADDRESS"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def refuse_unauthenticated_flood(request: HttpRequest) -> None:
    """Counts a request that carried no valid token; past the limit, Throttled (429)."""
    throttle = AddressThrottle()
    if not throttle.allow_request(request):
        raise Throttled(wait=throttle.wait())
