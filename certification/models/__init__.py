"""Certification models, split by concern; import them from here."""

from .history import HistoryAction, HistoryEntry, HistoryIsAppendOnly
from .organizations import (
    Membership,
    Organization,
    OrganizationGroupObjectPermission,
    OrganizationKind,
    OrganizationUserObjectPermission,
    Role,
    RoleGrant,
)

__all__ = [
    "HistoryAction",
    "HistoryEntry",
    "HistoryIsAppendOnly",
    "Membership",
    "Organization",
    "OrganizationGroupObjectPermission",
    "OrganizationKind",
    "OrganizationUserObjectPermission",
    "Role",
    "RoleGrant",
]
