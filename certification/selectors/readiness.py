"""Reads about readiness: which prerequisites for assessment an enrollment meets, and what
each is called (the words differ when a program has no published code of conduct)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from curriculum.selectors import passed_required_modules

from ..models import (
    AttendanceStatus,
    CodeOfConduct,
    ConductSignature,
    EventAttendance,
)

PREREQUISITE_LABELS = {
    "modules": gettext_lazy("Every required module passed"),
    "conduct": gettext_lazy("The current code of conduct signed"),
    "event": gettext_lazy("A state training attended"),
}


def prerequisite_labels(enrollment) -> dict[str, str]:
    """What each prerequisite is called for this enrollment. A program with no published code
    of conduct names that, because no signature can meet it until national staff publish one
    (one query)."""
    labels = {key: str(label) for key, label in PREREQUISITE_LABELS.items()}
    if CodeOfConduct.objects.current_for(enrollment.program_id) is None:
        labels["conduct"] = _("%(program)s has no published code of conduct") % {
            "program": enrollment.program.title
        }
    return labels


def missing_prerequisite_words(enrollment, missing) -> list[str]:
    """The unmet prerequisites as words inside a sentence ("every required module passed";
    "Peer Mentor has no published code of conduct")."""
    labels = prerequisite_labels(enrollment)
    return [
        labels[key] if labels[key] != str(PREREQUISITE_LABELS[key]) else labels[key].lower()
        for key in missing
    ]


def prerequisites(enrollment) -> dict[str, bool]:
    """Which prerequisites for assessment the enrollment meets."""
    code = CodeOfConduct.objects.current_for(enrollment.program_id)
    return {
        "modules": passed_required_modules(enrollment.person, enrollment.program),
        "conduct": code is not None
        and ConductSignature.objects.filter(person=enrollment.person_id, code=code).exists(),
        "event": EventAttendance.objects.filter(
            enrollment=enrollment, status=AttendanceStatus.ATTENDED
        ).exists(),
    }
