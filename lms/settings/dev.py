"""Local development: DEBUG on, a fixed throwaway secret, emails printed to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production")

# `make run HOST=… PORT=…` serves the site there and passes both on, so the links in emails
# and PDFs point at the server that is actually running. SITE_URL, when set, wins.
HOST = env.str("HOST", default="127.0.0.1")
PORT = env.str("PORT", default="8000")
# A wildcard address is where the server listens, not one a browser can open.
_LINK_HOST = "127.0.0.1" if HOST in ("0.0.0.0", "::", "[::]") else HOST  # noqa: S104
SITE_URL = env.str("SITE_URL", default=f"http://{_LINK_HOST}:{PORT}").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=list(dict.fromkeys(["localhost", "127.0.0.1", "[::1]", _LINK_HOST]))
)

# runserver serves static files itself; WhiteNoise serves the collected files in production.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise")]  # noqa: F405

# Demo staff may sign in without a second factor here, and every page says so (base.html).
# `seed_demo` still gives them an authenticator; `manage.py demo_mfa_code` prints its code.
TRELLIS_REQUIRE_STAFF_MFA = env.bool("TRELLIS_REQUIRE_STAFF_MFA", default=False)
