"""Certification models, split by concern; import them from here."""

from .conduct import CodeOfConduct, ConductSignature, text_sha256
from .enrollments import (
    OPEN_ENROLLMENT_STATUSES,
    Enrollment,
    EnrollmentInvitation,
    EnrollmentStatus,
)
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
    "Enrollment",
    "EnrollmentInvitation",
    "EnrollmentStatus",
    "HistoryAction",
    "HistoryEntry",
    "HistoryIsAppendOnly",
    "Membership",
    "OPEN_ENROLLMENT_STATUSES",
    "Organization",
    "OrganizationGroupObjectPermission",
    "OrganizationKind",
    "OrganizationUserObjectPermission",
    "Role",
    "RoleGrant",
    "text_sha256",
]
