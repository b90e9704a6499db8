"""While a decision to decertify waits out its appeal window, the certificate stays suspended:
nobody reinstates it by hand, and signing a new code of conduct does not lift it either.

Found by the lifecycle state machine (tests/property): a trainer reinstated a certificate
suspended pending appeal, it expired, and the sweep then failed on the unappealed case (an
expired certificate cannot be decertified), every night, before its retention step.
"""

import datetime

import pytest

from certification.errors import DomainError
from certification.models import CaseStatus, CertificationStatus, SystemCause
from certification.services.certificates import certification_reinstate, certification_suspend
from certification.services.conduct import conduct_draft, conduct_publish, conduct_sign
from certification.services.sweep import run_sweep

from .test_case_services import OPENED, at, decided, open_case, responded

AFTER_EXPIRY = datetime.date(2029, 2, 1)  # issued January 4, 2027: valid through January 4, 2029


def decided_to_decertify(certification, facilitator, trainer):
    case = open_case(certification, trainer)
    responded(case, facilitator)
    return decided(case, trainer)


def test_a_certificate_waiting_for_its_appeal_cannot_be_reinstated_by_hand(
    certification, facilitator, ohio_trainer, national_staff
):
    case = decided_to_decertify(certification, facilitator, ohio_trainer)
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.SUSPENDED
    history = list(certification.history.values_list("pk", flat=True))
    for person in (ohio_trainer, national_staff):
        with at(OPENED + datetime.timedelta(days=6)), pytest.raises(DomainError, match="appeal"):
            certification_reinstate(actor=person, certification=certification, reason="Mistake")
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.SUSPENDED
    assert list(certification.history.values_list("pk", flat=True)) == history

    # Long after its end date, the sweep still makes the unappealed decision final.
    with at(AFTER_EXPIRY):
        report = run_sweep()
    assert report.closed_cases == [case.pk]
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.DECERTIFIED


def test_signing_a_new_code_does_not_lift_a_suspension_while_the_appeal_waits(
    certification, facilitator, ohio_trainer, national_staff, program
):
    with at(OPENED):
        code = conduct_publish(
            actor=national_staff,
            code=conduct_draft(actor=national_staff, program=program, title="v2", text="Kind."),
        )
        certification_suspend(
            actor=None,
            certification=certification,
            reason="code of conduct not signed",
            conduct=code,
            system_cause=SystemCause.SWEEP,
        )
    case = decided_to_decertify(certification, facilitator, ohio_trainer)
    with at(OPENED + datetime.timedelta(days=6)):
        conduct_sign(actor=facilitator, code=code, typed_name=facilitator.full_name, agreed=True)
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.SUSPENDED

    with at(AFTER_EXPIRY):
        run_sweep()
    case.refresh_from_db()
    certification.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert certification.status == CertificationStatus.DECERTIFIED
