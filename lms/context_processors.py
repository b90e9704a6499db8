"""What every page's header offers the signed-in person, from the roles they hold.

A trainee sees their training, a certified facilitator their certificates, a reviewer
(coordinator, trainer, national staff) oversight, concerns and cases, a trainer the events,
and national staff the admin. Each link is offered exactly when its page would open for the
person, using the checks those pages make, so the header never leads to a 403 or a 404.

The answer costs one query, made only when a template shows the header and at most once per
request (PDFs, CSV files and redirects never pay for it), and is then kept in the cache until
something it reads changes (`lms.navigation_cache`).
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from certification import permissions
from certification.models import Certification, DecertificationCase, Enrollment, RoleGrant

from .navigation_cache import cached_flags

_CACHE_ATTRIBUTE = "_trellis_navigation"


@dataclass(frozen=True)
class NavigationItem:
    key: str
    label: str
    href: str
    current: bool


def _exists(queryset):
    return Exists(queryset.values("pk"))


def navigation_flags(user) -> dict:
    """Which parts of the site `user` uses, in one query.

    Each flag repeats the rule of the page it opens: `reviews` is what the concern list checks,
    `oversees` what the oversight home checks, `runs_events` what the event list checks, and
    `wagtail_admin` what Wagtail's own `access_admin` check finds among the person's and their
    groups' permissions.
    """
    User = get_user_model()
    person = OuterRef("pk")
    names = (
        "reviews",
        "oversees",
        "runs_events",
        "enrolled",
        "holds_role",
        "certified",
        "has_case",
        "wagtail_admin",
    )
    flags = (
        User._default_manager.filter(pk=user.pk)
        .annotate(
            reviews=_exists(permissions.organizations_reviewed_by(user)),
            oversees=_exists(permissions.organizations_visible_to(user)),
            runs_events=_exists(permissions.event_states(user)),
            enrolled=_exists(Enrollment.objects.filter(person=person)),
            holds_role=_exists(RoleGrant.objects.active().filter(user=person)),
            certified=_exists(Certification.objects.filter(person=person)),
            has_case=_exists(DecertificationCase.objects.filter(certification__person=person)),
            wagtail_admin=_exists(
                Permission.objects.filter(
                    content_type__app_label="wagtailadmin", codename="access_admin"
                ).filter(Q(user=person) | Q(group__user=person))
            ),
        )
        .values(*names)
        .first()
    ) or dict.fromkeys(names, False)
    if user.is_superuser:
        flags["wagtail_admin"] = True
    return flags


def _items(request) -> list[NavigationItem]:
    user = request.user
    if not user.is_authenticated:
        return []
    flags = cached_flags(user, navigation_flags)
    # A trainee is someone enrolled, or anyone who holds no role: a new account's place to
    # start. Staff who are not also training do not see a training page they never use.
    is_trainee = flags.get("enrolled") or not (flags.get("holds_role") or user.is_superuser)
    wanted = [
        ("dashboard", _("Dashboard"), reverse("dashboard"), True),
        ("my_training", _("My training"), reverse("curriculum:my_training"), is_trainee),
        (
            "my_certificates",
            _("My certificates"),
            reverse("certification:my_certificates"),
            flags.get("certified"),
        ),
        ("events", _("Events"), reverse("certification:event_list"), flags.get("runs_events")),
        (
            "oversight",
            _("Oversight"),
            reverse("certification:oversight_home"),
            flags.get("oversees"),
        ),
        ("concerns", _("Concerns"), reverse("certification:concern_list"), flags.get("reviews")),
        (
            "cases",
            _("Cases"),
            reverse("certification:case_list"),
            flags.get("reviews") or flags.get("has_case"),
        ),
        ("admin", _("Admin"), reverse("wagtailadmin_home"), flags.get("wagtail_admin")),
        ("profile", _("Profile"), reverse("profile"), True),
    ]
    path = request.path
    return [
        NavigationItem(key=key, label=label, href=href, current=_is_current(key, href, path))
        for key, label, href, shown in wanted
        if shown
    ]


def _is_current(key: str, href: str, path: str) -> bool:
    """Whether `path` is inside the section the link opens (its own page or below it)."""
    if key in ("my_certificates", "dashboard", "profile"):
        # /certificates/<number>/ is the staff page of one certificate, not "My certificates".
        return path == href
    if key == "admin":
        return False  # Wagtail's admin has its own header
    return path.startswith(href)


def navigation_for(request) -> list[NavigationItem]:
    """The header's links for this request, worked out once and kept on the request."""
    items = getattr(request, _CACHE_ATTRIBUTE, None)
    if items is None:
        items = _items(request)
        setattr(request, _CACHE_ATTRIBUTE, items)
    return items


def navigation(request):
    """Context processor: `navigation`, the header's links, computed only if a template reads
    it."""
    return {"navigation": SimpleLazyObject(lambda: navigation_for(request))}


def staff_mfa(request):
    """Context processor: `staff_mfa_relaxed`, true where development settings let staff sign in
    without a second factor, so every page can say so."""
    return {"staff_mfa_relaxed": not getattr(settings, "TRELLIS_REQUIRE_STAFF_MFA", True)}
