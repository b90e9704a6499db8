"""Each program sets its own due-process windows: the days a facilitator has to answer a
notice and the business days they have to appeal (30 and 10 unless the program says
otherwise)."""

import datetime

from django.urls import reverse

from certification.dates import add_business_days

from .test_case_services import (
    OPENED,
    at,
    decided,
    issue_on_fixed_date,
    make_concern,
    open_case,
    responded,
)


def test_the_defaults_are_thirty_days_and_ten_business_days(
    facilitator, program, cleveland, ohio_trainer
):
    case = open_case(issue_on_fixed_date(facilitator, program, cleveland), ohio_trainer)
    assert case.response_due_on == OPENED + datetime.timedelta(days=30)
    responded(case, facilitator)
    decided(case, ohio_trainer)
    case.refresh_from_db()
    decided_on = OPENED + datetime.timedelta(days=5)
    assert case.appeal_due_on == add_business_days(decided_on, 10)


def test_a_program_with_longer_windows_gives_the_facilitator_more_time(
    facilitator, program, cleveland, ohio_trainer
):
    program.case_response_days = 45
    program.case_appeal_business_days = 15
    program.save()
    case = open_case(issue_on_fixed_date(facilitator, program, cleveland), ohio_trainer)
    assert case.response_due_on == OPENED + datetime.timedelta(days=45)
    responded(case, facilitator)
    decided(case, ohio_trainer)
    case.refresh_from_db()
    decided_on = OPENED + datetime.timedelta(days=5)
    assert case.appeal_due_on == add_business_days(decided_on, 15)


def test_the_resolve_form_tells_the_reviewer_the_programs_response_window(
    client, facilitator, program, cleveland, ohio_trainer
):
    program.case_response_days = 45
    program.save()
    concern = make_concern(issue_on_fixed_date(facilitator, program, cleveland), owner=ohio_trainer)
    with at(OPENED):
        client.force_login(ohio_trainer)
        page = client.get(reverse("certification:concern_detail", args=[concern.reference]))
    assert "they have 45 days to answer" in page.content.decode()
