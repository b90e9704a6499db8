"""Production: everything from the environment, HTTPS assumed, refuses to start without a secret."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production settings refuse to start without one."
    )

# Rate limits and lockouts count failures in the cache: a per-process cache would give each
# gunicorn worker its own count (and lose it on restart), so only a shared cache will do.
SHARED_CACHE_BACKENDS = (
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.db.DatabaseCache",
)
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] not in SHARED_CACHE_BACKENDS:
    raise ImproperlyConfigured(
        "CACHE_URL must point to a cache shared by every worker: the database cache "
        "(CACHE_URL=dbcache://trellis_cache, then `manage.py createcachetable`) or Redis "
        "(CACHE_URL=redis://host:6379/1). A per-process cache "
        f"({CACHES['default']['BACKEND']}) would let each worker count failed sign-ins on its "
        "own."
    )

# Each process keeps its database connection for CONN_MAX_AGE seconds (a `conn_max_age` in
# DATABASE_URL wins) and checks it before reusing it, so a connection broken by a database
# restart is replaced at the next request instead of failing it (docs/security.md, Faults).
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Staff always sign in with a second factor in production (lms/mfa_required.py).
TRELLIS_REQUIRE_STAFF_MFA = True

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies sit in front of gunicorn: rate limits read the client's address from
# X-Forwarded-For through exactly this many hops (0 when gunicorn faces the internet).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
