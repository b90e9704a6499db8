"""State changes of the oversight tree: organizations, role grants and memberships.

Each function takes keyword-only arguments including the `actor`, runs in one transaction,
checks authority, makes the change and writes its history row together.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Site

from .. import permissions
from ..errors import DomainError
from ..models import (
    HistoryAction,
    HistoryEntry,
    Membership,
    Organization,
    OrganizationKind,
    Role,
    RoleGrant,
    caused_by,
)

NATIONAL_STAFF_GROUP = "National staff"


def _record(action, *, actor, system_cause="", organization=None, subject=None, **details):
    return HistoryEntry.objects.create(
        action=action,
        **caused_by(actor, system_cause),
        organization=organization,
        subject=subject,
        details=details,
    )


def _system_or_authorized(actor, allowed: bool, system_cause=""):
    """People need authority; a change with no person names the system job that makes it
    (`system_cause`, e.g. a setup command), and the history says so."""
    caused_by(actor, system_cause)
    if actor is not None and not allowed:
        raise PermissionDenied(_("You do not have authority to do this."))


@transaction.atomic
def organization_create(
    *,
    actor,
    kind: str,
    name: str,
    short_code: str,
    parent=None,
    slug: str = "",
    is_active=True,
    system_cause="",
) -> Organization:
    """Add a node to the tree: the national root, a state under it or an affiliate under a state."""
    _system_or_authorized(
        actor, actor is None or permissions.can_manage_organizations(actor), system_cause
    )
    Organization.check_parent_kind(kind, parent)
    if kind == OrganizationKind.NATIONAL and Organization.get_root_nodes().exists():
        raise DomainError(
            {"kind": _("There is already a national organization; add states under it.")}
        )
    short_code = short_code.strip().upper()
    slug = slug or slugify(f"{short_code}-{name}")[:80]
    if Organization.objects.filter(short_code__iexact=short_code).exists():
        raise DomainError({"short_code": _("Another organization already uses this code.")})
    if Organization.objects.filter(slug=slug).exists():
        raise DomainError({"slug": _("Another organization already uses this slug.")})

    fields = {
        "kind": kind,
        "name": name.strip(),
        "short_code": short_code,
        "slug": slug,
        "is_active": is_active,
    }
    if parent is None:
        organization = Organization.add_root(**fields)
    else:
        # Re-read the parent so treebeard sees its current child count.
        organization = Organization.objects.get(pk=parent.pk).add_child(**fields)
    _record(
        HistoryAction.ORGANIZATION_CREATED,
        actor=actor,
        system_cause=system_cause,
        organization=organization,
        kind=kind,
        name=organization.name,
        short_code=short_code,
    )
    return organization


@transaction.atomic
def organization_update(
    *, actor, organization: Organization, system_cause="", **changes
) -> Organization:
    """Rename a node, change its code or slug, or make it (in)active. Its place stays fixed."""
    _system_or_authorized(
        actor, actor is None or permissions.can_manage_organizations(actor), system_cause
    )
    allowed = {"name", "short_code", "slug", "is_active"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(_("These fields cannot be changed here: %s") % ", ".join(sorted(unknown)))
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if "short_code" in changes:
        changes["short_code"] = changes["short_code"].strip().upper()
        if (
            Organization.objects.filter(short_code__iexact=changes["short_code"])
            .exclude(pk=organization.pk)
            .exists()
        ):
            raise DomainError({"short_code": _("Another organization already uses this code.")})
    before = {field: getattr(organization, field) for field in changes}
    for field, value in changes.items():
        setattr(organization, field, value)
    organization.save(update_fields=list(changes))
    changed = {f: [before[f], changes[f]] for f in changes if before[f] != changes[f]}
    if changed:
        _record(
            HistoryAction.ORGANIZATION_CHANGED,
            actor=actor,
            system_cause=system_cause,
            organization=organization,
            changed=changed,
        )
    return organization


def _national_staff_group() -> Group:
    """The Django group that opens the Wagtail admin to national staff: the organization tree,
    and editing the site's pages (the curriculum among them), images and documents."""
    group, _created = Group.objects.get_or_create(name=NATIONAL_STAFF_GROUP)
    wanted = Permission.objects.none()
    for app_label, codename in permissions.NATIONAL_STAFF_MODEL_PERMISSIONS:
        wanted |= Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    group.permissions.add(*wanted)
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore",
            codename__in=permissions.NATIONAL_STAFF_PAGE_PERMISSIONS,
        ):
            GroupPagePermission.objects.get_or_create(
                group=group, page=site.root_page, permission=permission
            )
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for permission in Permission.objects.filter(
            content_type__app_label__in=["wagtailimages", "wagtaildocs"],
            codename__in=permissions.NATIONAL_STAFF_MEDIA_PERMISSIONS,
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
    return group


def _sync_object_permissions(user, organization: Organization):
    """Make the guardian permission rows on one node match the person's active grants there."""
    active_roles = RoleGrant.objects.active().filter(user=user, organization=organization)
    permissions.role_permissions_sync(
        user, organization, active_roles.values_list("role", flat=True)
    )


@transaction.atomic
def role_grant(*, actor, user, organization: Organization, role: str, system_cause="") -> RoleGrant:
    """Give `user` a role on `organization`; the authority reaches every node below it."""
    if role not in Role.values:
        raise DomainError({"role": _("Choose one of the roles offered.")})
    _system_or_authorized(
        actor,
        actor is None or permissions.can_grant_role(actor, role, organization),
        system_cause,
    )
    expected_kind = permissions.ROLES[role]["kind"]
    if organization.kind != expected_kind:
        raise DomainError(
            {
                "role": _("%(role)s is held on a %(kind)s, not on a %(actual)s.")
                % {
                    "role": Role(role).label,
                    "kind": OrganizationKind(expected_kind).label.lower(),
                    "actual": organization.get_kind_display().lower(),
                }
            }
        )
    if not user.is_active:
        raise DomainError(_("This person's account is not active."))
    if RoleGrant.objects.active().filter(user=user, organization=organization, role=role).exists():
        raise DomainError(_("%(person)s already holds this role here.") % {"person": user})
    try:
        with transaction.atomic():
            grant = RoleGrant.objects.create(
                user=user,
                organization=organization,
                role=role,
                granted_by=actor,
                granted_at=timezone.now(),
            )
    except IntegrityError as error:  # a concurrent grant of the same role won the race
        raise DomainError(
            _("%(person)s already holds this role here.") % {"person": user}
        ) from error
    _sync_object_permissions(user, organization)
    if role == Role.NATIONAL_STAFF:
        user.groups.add(_national_staff_group())
    _record(
        HistoryAction.ROLE_GRANTED,
        actor=actor,
        system_cause=system_cause,
        organization=organization,
        subject=user,
        role=role,
        grant_id=grant.pk,
    )
    return grant


LAST_NATIONAL_STAFF = gettext_lazy(
    "%(person)s is the only national staff member left. Give someone else the national staff "
    "role first: without one, no one could grant roles, publish codes of conduct or decide "
    "appeals."
)


def _lock_national_staff(grant: RoleGrant) -> list[RoleGrant]:
    """Lock every active national staff grant, in one order, before the grant itself.

    Two revokes at the same moment then run one after the other and the second sees the
    first, so they cannot both pass and leave the tree with no one to run it (and, locking
    in the same order, they cannot deadlock).
    """
    if not RoleGrant.objects.filter(pk=grant.pk, role=Role.NATIONAL_STAFF).exists():
        return []
    return list(
        RoleGrant.objects.active()
        .select_for_update()
        .filter(role=Role.NATIONAL_STAFF)
        .order_by("pk")
    )


def _keep_one_national_staff(grant: RoleGrant, national: list[RoleGrant]):
    """Refuse to revoke the last national staff role holder."""
    if not any(other.user_id != grant.user_id for other in national):
        raise DomainError(LAST_NATIONAL_STAFF % {"person": grant.user})


@transaction.atomic
def role_revoke(*, actor, grant: RoleGrant, system_cause="") -> RoleGrant:
    """End a role grant. The grant row stays, marked revoked, and the history says by whom.

    The last national staff role holder cannot be removed (see `_keep_one_national_staff`).
    """
    national = _lock_national_staff(grant)
    grant = (
        RoleGrant.objects.select_for_update()
        .select_related("user", "organization")
        .get(pk=grant.pk)
    )
    _system_or_authorized(
        actor,
        actor is None or permissions.can_grant_role(actor, grant.role, grant.organization),
        system_cause,
    )
    if grant.revoked_at is not None:
        raise DomainError(_("This role was already revoked."))
    if grant.role == Role.NATIONAL_STAFF:
        _keep_one_national_staff(grant, national)
    grant.revoked_at = timezone.now()
    grant.revoked_by = actor
    grant.save(update_fields=["revoked_at", "revoked_by"])
    _sync_object_permissions(grant.user, grant.organization)
    if (
        grant.role == Role.NATIONAL_STAFF
        and not RoleGrant.objects.active()
        .filter(user=grant.user, role=Role.NATIONAL_STAFF)
        .exists()
    ):
        grant.user.groups.remove(*Group.objects.filter(name=NATIONAL_STAFF_GROUP))
    _record(
        HistoryAction.ROLE_REVOKED,
        actor=actor,
        system_cause=system_cause,
        organization=grant.organization,
        subject=grant.user,
        role=grant.role,
        grant_id=grant.pk,
    )
    return grant


@transaction.atomic
def membership_set(*, actor, user, affiliate: Organization, system_cause="") -> Membership:
    """Make `affiliate` the person's home affiliate, ending any earlier membership.

    The person may choose it themselves; otherwise it takes someone who manages enrollments
    for that affiliate.
    """
    if affiliate.kind != OrganizationKind.AFFILIATE:
        raise DomainError({"affiliate": _("A home organization must be an affiliate.")})
    if not affiliate.is_active:
        raise DomainError({"affiliate": _("This affiliate is not taking new members.")})
    _system_or_authorized(
        actor,
        actor is None
        or actor.pk == user.pk
        or permissions.can_manage_enrollments(actor, affiliate),
        system_cause,
    )
    now = timezone.now()
    current = (
        Membership.objects.select_for_update().filter(user=user, ended_at__isnull=True).first()
    )
    if current is not None:
        if current.affiliate_id == affiliate.pk:
            return current
        current.ended_at = now
        current.save(update_fields=["ended_at"])
        _record(
            HistoryAction.MEMBERSHIP_ENDED,
            actor=actor,
            system_cause=system_cause,
            organization=current.affiliate,
            subject=user,
        )
    membership = Membership.objects.create(user=user, affiliate=affiliate, started_at=now)
    _record(
        HistoryAction.MEMBERSHIP_STARTED,
        actor=actor,
        system_cause=system_cause,
        organization=affiliate,
        subject=user,
    )
    return membership
