"""The header's flags, kept in the cache between pages.

Working out which parts of the site a person uses (`lms.context_processors.navigation_flags`)
is one fast query, but building it (eight permission subqueries) takes about ten milliseconds
of Python on every page. The answer changes only when something it reads changes: a role, a
permission row, an enrollment, a certificate, a case, the organization tree, a person's
account flags or admin groups. So it is kept in the cache under a version that any such change
moves on; every header is then worked out afresh on its next page. The version moves at once
(the person making the change sees it on their next page) and again after the change is
committed (a page worked out in between, from the old rows, is not kept). A change written
without signals (a bulk update) shows within `KEEP_SECONDS`.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from certification.models import (
    Certification,
    DecertificationCase,
    Enrollment,
    Organization,
    OrganizationUserObjectPermission,
    RoleGrant,
)

KEEP_SECONDS = 300
# The rows a header reads: saving or deleting any of them moves the version on.
READ_BY_THE_HEADER = (
    Certification,
    DecertificationCase,
    Enrollment,
    Organization,
    OrganizationUserObjectPermission,
    RoleGrant,
)
_VERSION_KEY = "trellis:navigation:version"


def _version() -> int:
    version = cache.get(_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(_VERSION_KEY, version, None)
    return version


def cached_flags(user, work_out) -> dict:
    """`user`'s header flags, from the cache or from `work_out(user)`."""
    key = f"trellis:navigation:{_version()}:{user.pk}"
    flags = cache.get(key)
    if flags is None:
        flags = work_out(user)
        cache.set(key, flags, KEEP_SECONDS)
    return flags


def _move_on() -> None:
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:  # not in the cache (cleared, or evicted): start again
        cache.set(_VERSION_KEY, 2, None)


def forget_every_header(**_kwargs) -> None:
    """Receiver: something a header reads has changed."""
    _move_on()
    transaction.on_commit(_move_on)


def _account_changed(sender, instance, update_fields=None, **kwargs):
    # Signing in saves `last_login` alone; that changes no header.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    forget_every_header()


for _model in READ_BY_THE_HEADER:
    post_save.connect(forget_every_header, sender=_model, dispatch_uid=f"nav-save-{_model}")
    post_delete.connect(forget_every_header, sender=_model, dispatch_uid=f"nav-del-{_model}")

_User = get_user_model()
post_save.connect(_account_changed, sender=_User, dispatch_uid="nav-account")
post_delete.connect(forget_every_header, sender=_User, dispatch_uid="nav-account-delete")
for _through in (
    _User.groups.through,
    _User.user_permissions.through,
    Group.permissions.through,
):
    m2m_changed.connect(forget_every_header, sender=_through, dispatch_uid=f"nav-m2m-{_through}")
