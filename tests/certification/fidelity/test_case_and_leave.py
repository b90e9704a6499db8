"""A facilitator cannot step away from a decertification case by taking leave: a certificate
on leave cannot be decertified, so leave waits until the case is closed."""

import pytest

from certification.errors import DomainError
from certification.models import CertificationStatus
from certification.services.certificates import certification_leave
from certification.services.fidelity.cases import case_decide

from .test_case_services import (
    OPENED,
    REASONS,
    at,
    issue_on_fixed_date,
    open_case,
    responded,
)


def test_leave_is_refused_while_a_case_is_open_and_allowed_once_it_closes(
    facilitator, program, cleveland, ohio_trainer, national_staff
):
    certification = issue_on_fixed_date(facilitator, program, cleveland)
    case = open_case(certification, ohio_trainer)
    with at(OPENED), pytest.raises(DomainError, match="decertification case"):
        certification_leave(actor=facilitator, certification=certification)
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.ACTIVE

    responded(case, facilitator)
    with at(OPENED):
        case_decide(actor=ohio_trainer, case=case, decision="keep", reasons=REASONS)
    case.refresh_from_db()
    assert not case.is_open
    with at(OPENED):
        certification_leave(actor=facilitator, certification=certification)
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.ON_LEAVE
