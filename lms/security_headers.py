"""The headers that tell a browser how little it may do with Trellis's pages.

Trellis shows reports about people, some touching their health, and decisions about whether
they may keep volunteering. So every page says, besides what Django's `SecurityMiddleware`
already sends (HSTS in production, `nosniff`, Referrer-Policy, and X-Frame-Options through
`XFrameOptionsMiddleware`):

- **Content-Security-Policy** (django-csp, `CONTENT_SECURITY_POLICY` in settings): scripts
  and styles come only from the site's own static files, never inline, so text someone typed
  into a report can never run as a script or restyle a page. The Wagtail and Django admins are
  built with inline scripts and styles, so their pages (and only theirs) get the same policy
  with `'unsafe-inline'` added, and may frame themselves (Wagtail's live preview is an iframe).
- **Permissions-Policy**: no page of Trellis needs a camera, microphone, location, payment
  or USB device, so none may ask for one, nor may anything a page embeds.
- **Cache-Control: no-store** on every response except the public content pages (home,
  training catalogue, modules) served to someone signed out, so no browser or proxy keeps a
  copy of a roster, a report, a verification result or a certificate after the person leaves a
  shared computer. Static files are served before this middleware runs and keep their caching.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.utils.cache import add_never_cache_headers

# The admins (Wagtail at /admin/, Django's at /django-admin/) use inline scripts and styles.
ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")

# Added to the site's policy on admin pages only: see the module docstring.
ADMIN_POLICY_UPDATE = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}
ADMIN_POLICY_REPLACE = {"frame-ancestors": [SELF]}

# Browser features no Trellis page uses. Passkeys (publickey-credentials-*) stay allowed:
# two-factor sign-in may use them.
DENIED_FEATURES = (
    "accelerometer",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "usb",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)

# Pages that may be cached when served to someone signed out: Wagtail's public pages (home,
# training catalogue, program and module pages). Everything else is never stored.
CACHEABLE_ANONYMOUS_VIEWS = frozenset({"wagtail_serve"})
CACHEABLE_METHODS = frozenset({"GET", "HEAD"})


def is_admin_path(path: str) -> bool:
    return path.startswith(ADMIN_PATH_PREFIXES)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admins' relaxed policy (module docstring)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if is_admin_path(request.path_info) and parts.update is None and parts.replace is None:
            parts.update = ADMIN_POLICY_UPDATE
            parts.replace = ADMIN_POLICY_REPLACE
        return parts


def may_be_cached(request, response) -> bool:
    """A signed-out visitor's successful read of a public content page; nothing else."""
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    match = getattr(request, "resolver_match", None)
    return (
        request.method in CACHEABLE_METHODS
        and response.status_code == 200
        and match is not None
        and match.url_name in CACHEABLE_ANONYMOUS_VIEWS
    )


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response, and `Cache-Control: no-store` on every response
    that may carry someone's data (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        already_private = "no-store" in response.get("Cache-Control", "")
        if not already_private and not may_be_cached(request, response):
            add_never_cache_headers(response)
        return response
