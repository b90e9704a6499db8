"""Certification models, split by concern; import them from here."""

from .certificates import (
    LIVE_STATUSES,
    TRANSITIONS,
    Certification,
    CertificationAction,
    CertificationEvent,
    CertificationStatus,
    ExpiryReminder,
    format_certification_number,
    normalize_certification_number,
)
from .conduct import CodeOfConduct, ConductSignature, text_sha256
from .enrollments import (
    OPEN_ENROLLMENT_STATUSES,
    Enrollment,
    EnrollmentInvitation,
    EnrollmentStatus,
)
from .events import AttendanceStatus, EventAttendance, EventFormat, TrainingEvent
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
from .readiness import (
    DEFAULT_COMPETENCIES,
    ReadinessAssessment,
    ReadinessDecision,
    RubricCompetency,
)

__all__ = [
    "DEFAULT_COMPETENCIES",
    "LIVE_STATUSES",
    "TRANSITIONS",
    "AttendanceStatus",
    "Certification",
    "CertificationAction",
    "CertificationEvent",
    "CertificationStatus",
    "EventAttendance",
    "EventFormat",
    "ExpiryReminder",
    "ReadinessAssessment",
    "ReadinessDecision",
    "RubricCompetency",
    "TrainingEvent",
    "format_certification_number",
    "normalize_certification_number",
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
