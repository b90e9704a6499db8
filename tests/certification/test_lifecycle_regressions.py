"""Two holes the lifecycle state machine (tests/property) walks through, closed in the services.

- Someone who holds a current certificate enrolled again, trained, and was assessed ready:
  issuing a second live certificate broke the one-per-person-and-program rule in the database,
  and the assessment failed with a server error. Now enrolling is refused while the person
  holds one, and so is issuing (they may have renewed an expired one while training again).
- After its holder closed their account, a trainer renewed an expired certificate: a closed,
  anonymized account held an active certificate. Closing ends live certificates; an expired
  one now stays unrenewable.
"""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from certification.models import (
    Certification,
    CertificationStatus,
    Enrollment,
    EnrollmentStatus,
    ReadinessAssessment,
)
from certification.services.enrollments import enrollment_create
from certification.services.readiness import readiness_assess
from certification.services.renewals import certification_renew
from certification.services.sweep import run_sweep
from lms.account_closing import close_account

from .conftest import issue
from .test_readiness import (
    all_scores,
    prepare,
    setup,  # noqa: F401  (fixture)
)

ISSUED = datetime.date(2026, 3, 10)  # valid through March 10, 2028


def certified(person, program, affiliate):
    """An active certificate, its enrollment marked certified as an assessment leaves it."""
    certification = issue(person, program, affiliate)
    Enrollment.objects.filter(pk=certification.enrollment_id).update(
        status=EnrollmentStatus.CERTIFIED
    )
    return certification


def at(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9)), tick=False)


def test_a_certified_person_cannot_enroll_again_in_the_same_program(tree, program, trainee):
    certified(trainee, program, tree["cleveland"])
    with pytest.raises(ValidationError, match="already holds a current certificate"):
        enrollment_create(
            actor=trainee, person=trainee, program=program, affiliate=tree["cleveland"]
        )


def test_trained_again_while_certified(tree, program, setup, ohio_trainer, trainee):  # noqa: F811
    """Someone training again while certified (enrolled before renewing an expired
    certificate): assessing them "ready" is refused, and nothing of the assessment is kept."""
    certification = certified(trainee, program, tree["cleveland"])
    enrollment = prepare(trainee, program, tree["cleveland"], setup, ohio_trainer)
    with pytest.raises(ValidationError, match="already holds a current certificate"):
        readiness_assess(
            actor=ohio_trainer, enrollment=enrollment, scores=all_scores(program), decision="ready"
        )
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.READY_FOR_ASSESSMENT
    assert not ReadinessAssessment.objects.filter(enrollment=enrollment).exists()
    assert list(Certification.objects.filter(person=trainee)) == [certification]


def test_an_expired_certificate_of_a_closed_account_is_not_renewed(
    tree, program, trainee, ohio_trainer
):
    with at(ISSUED):
        certification = issue(trainee, program, tree["cleveland"])
    with at(datetime.date(2028, 4, 1)):
        run_sweep()
        close_account(person=trainee, actor=trainee)
        certification.refresh_from_db()
        assert certification.status == CertificationStatus.EXPIRED
        with pytest.raises(ValidationError, match="closed their account"):
            certification_renew(actor=ohio_trainer, certification=certification)
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.EXPIRED
    assert certification.history.count() == 2  # issued, expired


def test_every_action_has_a_refusal_sentence():
    """A refused action is said in plain words ("cannot go on leave"), never built from the
    history's past-tense label ("cannot be went on leave")."""
    from certification.models import CertificationAction
    from certification.services.certificates import REFUSED_ACTIONS, _refusal

    assert set(REFUSED_ACTIONS) == set(CertificationAction)
    assert _refusal("suspended", "leave").messages == [
        "A certification that is suspended cannot go on leave."
    ]
