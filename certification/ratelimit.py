"""A small per-address rate limit for public pages that anyone may call, such as verification.

Why not allauth's limiter: its public `allauth.core.ratelimit.consume` (65.22) takes no rate of
its own; it reads allauth's `ACCOUNT_RATE_LIMITS` for the app "allauth.account" (switched off in
tests) and lets GET requests through untouched. The engine that accepts a `config` lives in
`allauth.core.internal`, which is not a public API. So this is a fixed-window counter in Django's
cache, which is shared between processes in production (see the README's `CACHE_URL`).

The client address comes from allauth's adapter, so a deployment behind a proxy configures it
once (`ALLAUTH_TRUSTED_PROXY_COUNT` or `ALLAUTH_TRUSTED_CLIENT_IP_HEADER`) for sign-in and here.
"""

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import PermissionDenied


@dataclass(frozen=True)
class Limit:
    """At most `amount` requests per `seconds` from one address."""

    amount: int
    seconds: int


def client_address(request) -> str:
    """The client's address; IPv6 clients are counted by their /64, as one household is."""
    try:
        raw = get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return "unknown"
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if address.version == 6:
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False).network_address)
    return str(address)


def consume(request, *, action: str, limit: Limit) -> int | None:
    """Count one request for `action` from the client's address.

    Returns None while the client is within the limit, or else the seconds until the current
    window ends (for a `Retry-After` header). Counting is atomic on every cache backend that
    Django ships (`add` then `incr`), so concurrent requests cannot slip past the limit.
    """
    now = int(time.time())
    window = now // limit.seconds
    who = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"trellis:rl:{action}:{limit.amount}/{limit.seconds}:{who}:{window}"
    cache.add(key, 0, timeout=limit.seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr: this is a new window
        cache.set(key, 1, timeout=limit.seconds + 1)
        count = 1
    if count > limit.amount:
        return (window + 1) * limit.seconds - now
    return None
