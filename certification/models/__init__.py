"""Certification models, split by concern; import them from here."""

from .conduct import CodeOfConduct, ConductSignature, text_sha256
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
    "CodeOfConduct",
    "ConductSignature",
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
    "text_sha256",
]
