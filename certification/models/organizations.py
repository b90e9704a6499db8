"""The oversight tree (national → state → affiliate), role grants on its nodes, and memberships.

A role granted on a node reaches every node below it. The permission rows themselves are
django-guardian object permissions in a direct foreign-key table
(`OrganizationUserObjectPermission`), so inheritance is a single query over ancestor paths;
`RoleGrant` is the human record of who holds which role where, with its own history.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from treebeard.mp_tree import MP_Node


class OrganizationKind(models.TextChoices):
    NATIONAL = "national", _("National organization")
    STATE = "state", _("State organization")
    AFFILIATE = "affiliate", _("Affiliate")


# Which kind of node may sit directly under which. The national node is the only root.
ALLOWED_PARENT_KIND = {
    OrganizationKind.NATIONAL: None,
    OrganizationKind.STATE: OrganizationKind.NATIONAL,
    OrganizationKind.AFFILIATE: OrganizationKind.STATE,
}

WRONG_PARENT_MESSAGES = {
    OrganizationKind.STATE: _(
        "A state organization must be placed under the national organization."
    ),
    OrganizationKind.AFFILIATE: _("An affiliate must be placed under a state organization."),
}


class Organization(MP_Node):
    """One node of the oversight tree: the national organization, a state organization or an
    affiliate. Nodes are never deleted, only made inactive, so history keeps its meaning."""

    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    short_code = models.CharField(
        _("short code"),
        max_length=12,
        unique=True,
        help_text=_("A short, unique code such as NAT, OH or OH-CLE."),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive organizations keep their history but take no new trainees."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    node_order_by = ["name"]

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in OrganizationKind]),
                name="organization_kind_valid",
            ),
            # The national node is the root (depth 1), states sit at depth 2, affiliates at 3.
            models.CheckConstraint(
                condition=(
                    Q(kind=OrganizationKind.NATIONAL, depth=1)
                    | Q(kind=OrganizationKind.STATE, depth=2)
                    | Q(kind=OrganizationKind.AFFILIATE, depth=3)
                ),
                name="organization_kind_matches_depth",
            ),
        ]
        permissions = [
            ("view_roster", _("See people, enrollments and certifications")),
            ("manage_enrollments", _("Invite trainees and manage enrollments")),
            ("run_training_events", _("Run training events")),
            ("assess_readiness", _("Assess readiness and certify")),
            ("manage_certifications", _("Suspend, reinstate and decertify")),
            ("review_concerns", _("Receive and follow fidelity concerns")),
            ("see_confidential_reporters", _("See who reported a concern in confidence")),
            ("grant_coordinator_role", _("Grant and revoke affiliate coordinator roles")),
            ("grant_roles", _("Grant and revoke any role")),
            ("manage_organizations", _("Add and change organizations")),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def check_parent_kind(cls, kind, parent):
        """Raise a ValidationError unless a node of `kind` may sit directly under `parent`."""
        if kind not in OrganizationKind.values:
            raise ValidationError({"kind": _("Choose national, state or affiliate.")})
        expected = ALLOWED_PARENT_KIND[kind]
        if expected is None and parent is not None:
            raise ValidationError(
                {"parent": _("The national organization sits at the top and has no parent.")}
            )
        if expected is not None and (parent is None or parent.kind != expected):
            raise ValidationError({"parent": WRONG_PARENT_MESSAGES[kind]})

    def ancestor_paths(self):
        """Paths of this node and every node above it, computed without a query."""
        return [self.path[: self.steplen * depth] for depth in range(1, self.depth + 1)]

    @property
    def state_path(self) -> str:
        """The path of the state organization this node belongs to (its own for a state),
        computed without a query; empty for the national organization."""
        return self.path[: self.steplen * 2] if self.depth >= 2 else ""

    @property
    def state(self):
        """The state organization this node belongs to (itself for a state), or None."""
        if self.kind == OrganizationKind.STATE:
            return self
        if self.kind == OrganizationKind.AFFILIATE:
            return self.get_parent()
        return None


class OrganizationUserObjectPermission(UserObjectPermissionBase):
    """django-guardian's per-person object permission, as a direct foreign key to the node."""

    content_object = models.ForeignKey(Organization, on_delete=models.PROTECT)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class OrganizationGroupObjectPermission(GroupObjectPermissionBase):
    """django-guardian's per-group object permission, as a direct foreign key to the node."""

    content_object = models.ForeignKey(Organization, on_delete=models.PROTECT)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False


class Role(models.TextChoices):
    """A bundle of organization permissions granted on one node (see `permissions.ROLES`)."""

    NATIONAL_STAFF = "national_staff", _("National staff")
    STATE_TRAINER = "state_trainer", _("State trainer")
    AFFILIATE_COORDINATOR = "affiliate_coordinator", _("Affiliate coordinator")


class RoleGrantQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class RoleGrant(models.Model):
    """That a person holds a role on an organization node, from when, granted by whom.

    Revoking keeps the row (with who revoked it and when); the guardian permission rows are
    the mechanism and follow the active grants.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="role_grants",
        verbose_name=_("person"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="role_grants",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        ordering = ["organization__path", "role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_grant_per_person_role_node",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=models.F("granted_at")),
                name="role_grant_revoked_after_granted",
            ),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]),
                name="role_grant_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.organization}"

    @property
    def is_active(self):
        return self.revoked_at is None


class Membership(models.Model):
    """A person's home affiliate: where they belong, separate from any authority they hold.

    A person has at most one current membership; moving to another affiliate ends the old row
    rather than rewriting it, so the record of where someone trained survives.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("person"),
    )
    affiliate = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("affiliate"),
    )
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(ended_at__isnull=True),
                name="one_current_membership_per_person",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.affiliate}"
