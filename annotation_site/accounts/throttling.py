"""Login throttling shared by the token endpoint and the browser login form.

Counts attempts per (username, client address) and, more loosely, per client address alone
(so one address cannot try many usernames), in the cache (Redis in production), so guessing
passwords across many workers is throttled as one.
"""
from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


class LoginRateThrottle(SimpleRateThrottle):
    scope = "login"

    def get_rate(self) -> str:
        # DRF binds THROTTLE_RATES when it is imported; read the setting now, as the form does.
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]

    def get_cache_key(self, request, view):
        data = request.data if hasattr(request, "data") else {}
        # A body that is not an object (a JSON list, say) is the serializer's 400, not a crash here.
        username = str(data.get("username", "")) if isinstance(data, dict) else ""
        return self.cache_format % {"scope": self.scope, "ident": f"{username.lower()}|{_client_ip(request)}"}


class LoginAddressRateThrottle(LoginRateThrottle):
    scope = "login_address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": _client_ip(request)}


def _attempt_allowed(key: str, rate: str) -> bool:
    num, period = SimpleRateThrottle.parse_rate(None, rate)
    attempts = cache.get_or_set(key, 0, timeout=period)
    if attempts >= num:
        return False
    try:
        cache.incr(key)
    except ValueError:  # expired between get and incr
        cache.set(key, 1, timeout=period)
    return True


def login_attempt_allowed(request, username: str) -> bool:
    """Record a form login attempt; False once either the per-user or per-address rate is exceeded."""
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    address = _client_ip(request)
    per_user = _attempt_allowed(f"throttle_login-form_{username.lower()}|{address}", rates["login"])
    per_address = _attempt_allowed(f"throttle_login-form-address_{address}", rates["login_address"])
    return per_user and per_address
