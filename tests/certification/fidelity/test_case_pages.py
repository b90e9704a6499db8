"""Decertification case pages: who sees what (every role), the step each person is offered,
deadlines in plain words, each step through the page, the outcome on the certificate's
history and on public verification (status only), and query budgets."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from certification.models import CaseStatus, CertificationStatus
from certification.selectors.fidelity import open_cases_needing_response
from certification.services.fidelity.cases import (
    case_appeal,
    case_decide,
    case_decide_appeal,
    case_respond,
)
from tests.certification.conftest import issue
from tests.factories import UserFactory

from .test_case_services import (
    ALLEGATION,
    NEXT_YEAR,
    OPENED,
    REASONS,
    at,
    issue_on_fixed_date,
    open_case,
)

APPEAL_REASONS = "Upheld on the record (Juniper-2290)."


@pytest.fixture
def certification(facilitator, program, cleveland):
    return issue_on_fixed_date(facilitator, program, cleveland)


@pytest.fixture
def case(certification, ohio_trainer):
    return open_case(certification, ohio_trainer)


def url(case):
    return f"/fidelity/cases/{case.pk}/"


def get(client, user, path, day=OPENED):
    """GET `path` as `user` (signed in on `day`: sessions expire, so sign in there)."""
    with at(day):
        if user is not None:
            client.force_login(user)
        return client.get(path)


def post(client, user, path, data, day=OPENED):
    with at(day):
        client.force_login(user)
        return client.post(path, data)


# --- visibility for every role -------------------------------------------------------------

SEES = [
    "facilitator",
    "cleveland_coordinator",
    "ohio_trainer",
    "national_staff",
]
DOES_NOT_SEE = ["dayton_coordinator", "texas_trainer", "outsider"]


@pytest.mark.parametrize("role", SEES)
def test_who_sees_the_case(client, case, role, request):
    user = request.getfixturevalue(role)
    response = get(client, user, url(case))
    assert response.status_code == 200
    assert ALLEGATION in response.content.decode()
    listing = get(client, user, "/fidelity/cases/").content.decode()
    assert url(case) in listing


@pytest.mark.parametrize("role", DOES_NOT_SEE)
def test_who_does_not_see_the_case(client, case, role, request):
    user = request.getfixturevalue(role)
    assert get(client, user, url(case)).status_code == 404
    response = get(client, user, "/fidelity/cases/")
    assert response.status_code == 200
    assert url(case) not in response.content.decode()
    assert ALLEGATION not in response.content.decode()


def test_anonymous_is_asked_to_sign_in(client, case):
    for path in (url(case), "/fidelity/cases/"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_the_facilitator_sees_their_own_and_staff_see_open_cases_first(
    client, case, facilitator, ohio_trainer, national_staff, program, cleveland
):
    other = issue(UserFactory(full_name="Gale Ortiz"), program, cleveland)
    closed_case = open_case(other, ohio_trainer)
    with at(OPENED + datetime.timedelta(days=40)):
        case_decide(actor=ohio_trainer, case=closed_case, decision="keep", reasons="Unfounded.")
    later = open_case(
        issue(UserFactory(full_name="Hal Moreno"), program, cleveland),
        ohio_trainer,
        on=OPENED + datetime.timedelta(days=41),
    )
    own = get(client, facilitator, "/fidelity/cases/").content.decode()
    assert "Cases about you" in own and "Cases you follow" not in own
    assert url(closed_case) not in own
    staff = get(
        client, national_staff, "/fidelity/cases/", day=OPENED + datetime.timedelta(days=41)
    )
    content = staff.content.decode()
    assert "Cases about you" not in content
    positions = [content.index(url(c)) for c in (later, case, closed_case)]
    assert positions == sorted(positions)  # open (newest first), then closed


def test_the_subject_does_not_see_the_concern_reference(client, case, facilitator, ohio_trainer):
    assert case.concern.reference not in get(client, facilitator, url(case)).content.decode()
    assert case.concern.reference in get(client, ohio_trainer, url(case)).content.decode()


# --- deadlines in words and the forms offered ----------------------------------------------


def test_deadlines_in_plain_words(client, case, facilitator, ohio_trainer):
    content = get(client, facilitator, url(case), day=datetime.date(2027, 2, 19)).content.decode()
    assert "Respond by March 3, 2027 — 12 days left" in content
    content = get(client, facilitator, url(case), day=datetime.date(2027, 3, 2)).content.decode()
    assert "Respond by March 3, 2027 — 1 day left" in content
    content = get(client, facilitator, url(case), day=datetime.date(2027, 3, 3)).content.decode()
    assert "Respond by March 3, 2027 — today is the last day" in content
    staff = get(client, ohio_trainer, url(case), day=datetime.date(2027, 2, 19)).content.decode()
    assert "Response due by March 3, 2027 — 12 days left" in staff
    late = get(client, ohio_trainer, url(case), day=datetime.date(2027, 3, 4)).content.decode()
    assert "No response was received by March 3, 2027" in late


def test_forms_offered_to_each_person(
    client, case, facilitator, ohio_trainer, cleveland_coordinator
):
    content = get(client, facilitator, url(case)).content.decode()
    assert 'name="respond-response"' in content
    assert 'name="decide-decision"' not in content
    staff = get(client, ohio_trainer, url(case)).content.decode()
    assert 'name="respond-response"' not in staff
    assert 'name="decide-decision"' not in staff  # the response window is open
    assert "from March 4, 2027 or as soon as the facilitator responds" in staff
    after = get(client, ohio_trainer, url(case), day=datetime.date(2027, 3, 4)).content.decode()
    assert 'name="decide-decision"' in after
    assert 'value="2028-03-04"' in after  # may enroll again: 12 months on, by default
    coordinator = get(
        client, cleveland_coordinator, url(case), day=datetime.date(2027, 3, 4)
    ).content.decode()
    assert '<form method="post"' not in coordinator.split("<main")[1].split("</main>")[0]


def test_a_coordinator_cannot_decide_by_posting(client, case, cleveland_coordinator):
    response = post(
        client,
        cleveland_coordinator,
        url(case),
        {"action": "decide", "decide-decision": "keep", "decide-reasons": "No."},
        day=datetime.date(2027, 3, 4),
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_RESPONSE


def test_an_early_decision_is_refused_with_a_message(client, case, ohio_trainer):
    response = post(
        client,
        ohio_trainer,
        url(case),
        {
            "action": "decide",
            "decide-decision": "keep",
            "decide-reasons": "Fine.",
            "confirmed": "yes",
        },
    )
    assert response.status_code == 302
    follow = get(client, ohio_trainer, url(case))
    assert "No decision before the response window closes" in follow.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_RESPONSE


def test_an_appeal_decision_without_an_appeal_is_refused_before_any_confirmation(
    client, case, national_staff
):
    """Found by the form fuzzing tests (tests/property): the confirmation page of an appeal
    decision read the date to enroll again from a decision nobody had made: a 500."""
    data = {
        "action": "decide_appeal",
        "decide_appeal-decision": "uphold",
        "decide_appeal-reasons": "Upheld on the record.",
    }
    response = post(client, national_staff, url(case), data)
    assert response.status_code == 302
    follow = get(client, national_staff, url(case))
    assert "There is no appeal waiting on this case." in follow.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_RESPONSE


def test_an_unknown_action_is_a_bad_request(client, case, facilitator):
    assert post(client, facilitator, url(case), {"action": "delete"}).status_code == 400


def test_form_errors_stay_on_the_page(client, case, facilitator):
    response = post(client, facilitator, url(case), {"action": "respond", "respond-response": ""})
    assert response.status_code == 400
    assert "Write your response." in response.content.decode()


# --- the whole process through the pages ---------------------------------------------------


def test_process_through_the_pages_with_history_and_public_status(
    client, case, facilitator, ohio_trainer, national_staff, certification
):
    response = post(
        client,
        facilitator,
        url(case),
        {"action": "respond", "respond-response": "I only shared my own story."},
    )
    assert response.status_code == 302
    decided_on = datetime.date(2027, 2, 8)
    response = post(
        client,
        ohio_trainer,
        url(case),
        {
            "action": "decide",
            "decide-decision": "decertify",
            "decide-reasons": REASONS,
            "decide-may_reenroll_on": "2028-02-08",
            "confirmed": "yes",
        },
        day=decided_on,
    )
    assert response.status_code == 302
    page = get(client, facilitator, url(case), day=decided_on).content.decode()
    assert "Appeal by February 22, 2027 — 14 days left" in page
    assert 'name="appeal-appeal"' in page

    cache.clear()
    public = get(client, None, f"/verify/{certification.number}/", day=decided_on)
    assert "Status: Suspended" in public.content.decode()
    assert REASONS not in public.content.decode()
    assert "Pending decertification" not in public.content.decode()

    post(
        client,
        facilitator,
        url(case),
        {"action": "appeal", "appeal-appeal": "Please hear me out."},
        day=decided_on,
    )
    response = post(
        client,
        national_staff,
        url(case),
        {
            "action": "decide_appeal",
            "decide_appeal-decision": "uphold",
            "decide_appeal-reasons": APPEAL_REASONS,
            "confirmed": "yes",
        },
        day=decided_on + datetime.timedelta(days=3),
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.final_decision == "decertify"
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.DECERTIFIED
    assert certification.may_reenroll_on == datetime.date(2028, 2, 8)
    assert [e.action for e in certification.history.order_by("created_at", "id")] == [
        "issue",
        "suspend",
        "decertify",
    ]

    page = get(client, facilitator, url(case), day=decided_on + datetime.timedelta(days=3))
    content = page.content.decode()
    for expected in (
        "Notice sent",
        "Facilitator responded",
        "Decided",
        "Appealed",
        "Appeal decided",
        "Closed; outcome applied",
    ):
        assert expected in content
    assert "Final decision: decertified." in content

    staff_certificate = get(
        client, ohio_trainer, f"/certificates/{certification.number}/", day=decided_on
    ).content.decode()
    assert f"Decertification case {case.pk}" in staff_certificate

    client.logout()  # the public page as a visitor sees it (staff menus name "Cases")
    cache.clear()
    public = get(client, None, f"/verify/{certification.number}/", day=decided_on)
    text = public.content.decode()
    assert "Status: Decertified" in text
    for private in (REASONS, APPEAL_REASONS, ALLEGATION, "case", "appeal"):
        assert private not in text


# --- the confirmation step -----------------------------------------------------------------


def test_a_decision_is_confirmed_first_and_the_first_post_changes_nothing(
    client, case, facilitator, ohio_trainer, certification
):
    decided_on = datetime.date(2027, 3, 4)  # the response window has closed
    data = {
        "action": "decide",
        "decide-decision": "decertify",
        "decide-reasons": REASONS,
        "decide-may_reenroll_on": "2028-03-04",
    }
    asked = post(client, ohio_trainer, url(case), data, day=decided_on)
    assert asked.status_code == 200
    text = asked.content.decode()
    assert "Decide to decertify Frank Hollis?" in text
    assert (
        f"Frank Hollis&#x27;s Peer Mentor certificate {certification.display_number} will be "
        "decertified when the decision is final" in text
    )
    assert "does not appeal by March 18, 2027" in text
    assert "Until then the certificate is suspended." in text
    assert "Frank Hollis is emailed the decision and your reasons now" in text
    assert "Yes, decide to decertify" in text
    case.refresh_from_db()
    certification.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_RESPONSE
    assert certification.status == CertificationStatus.ACTIVE

    back = post(client, ohio_trainer, url(case), {**data, "back": "1"}, day=decided_on)
    assert back.status_code == 200
    assert f"{REASONS}</textarea>" in back.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_RESPONSE

    done = post(client, ohio_trainer, url(case), {**data, "confirmed": "yes"}, day=decided_on)
    assert done.status_code == 302
    case.refresh_from_db()
    certification.refresh_from_db()
    assert case.status == CaseStatus.APPEAL_WINDOW
    assert certification.status == CertificationStatus.SUSPENDED


def test_keeping_the_certificate_is_confirmed_in_its_own_words(client, case, ohio_trainer):
    data = {"action": "decide", "decide-decision": "keep", "decide-reasons": "Coached; fine."}
    day = datetime.date(2027, 3, 4)
    text = post(client, ohio_trainer, url(case), data, day=day).content.decode()
    assert "Keep Frank Hollis&#x27;s certificate?" in text
    assert "Frank Hollis keeps the Peer Mentor certificate" in text
    assert "the coordinators of Cleveland Peer Support are emailed the final outcome" in text
    assert "May enroll again from" not in text  # not part of a decision to keep
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_RESPONSE


@pytest.mark.parametrize("decision", ["uphold", "overturn"])
def test_an_appeal_decision_is_confirmed_first(
    client, case, facilitator, ohio_trainer, national_staff, certification, decision
):
    with at(OPENED):
        case_respond(actor=facilitator, case=case, response="My side.")
        case_decide(
            actor=ohio_trainer,
            case=case,
            decision="decertify",
            reasons=REASONS,
            may_reenroll_on=NEXT_YEAR,
        )
        case_appeal(actor=facilitator, case=case, appeal="Please hear me out.")
    data = {
        "action": "decide_appeal",
        "decide_appeal-decision": decision,
        "decide_appeal-reasons": APPEAL_REASONS,
    }
    text = post(client, national_staff, url(case), data).content.decode()
    if decision == "uphold":
        assert "Uphold the decision to decertify Frank Hollis?" in text
        assert "is decertified. Frank Hollis may enroll in the program again from" in text
        assert "Yes, uphold the decision" in text
    else:
        assert "Overturn the decision to decertify Frank Hollis?" in text
        assert "Its suspension for this concern is lifted" in text
        assert "Yes, overturn the decision" in text
    case.refresh_from_db()
    certification.refresh_from_db()
    assert case.status == CaseStatus.APPEALED
    assert certification.status == CertificationStatus.SUSPENDED
    response = post(client, national_staff, url(case), {**data, "confirmed": "yes"})
    assert response.status_code == 302
    case.refresh_from_db()
    certification.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert certification.status == (
        CertificationStatus.DECERTIFIED if decision == "uphold" else CertificationStatus.ACTIVE
    )


# --- the dashboard notice ------------------------------------------------------------------


def test_notices_list_what_waits_for_the_facilitator(case, facilitator, ohio_trainer, outsider):
    with at(datetime.date(2027, 2, 19)):
        cases = open_cases_needing_response(facilitator)
        html = render_to_string(
            "certification/fidelity/includes/case_notices.html", {"cases": cases}
        )
    assert [c.pk for c in cases] == [case.pk]
    assert "Respond by March 3, 2027 — 12 days left" in html
    assert url(case) in html
    with at(OPENED):
        assert open_cases_needing_response(outsider) == []
        assert open_cases_needing_response(ohio_trainer) == []
        assert (
            render_to_string(
                "certification/fidelity/includes/case_notices.html", {"cases": []}
            ).strip()
            == ""
        )
    with at(datetime.date(2027, 3, 4)):  # the window closed: nothing left to answer
        assert open_cases_needing_response(facilitator) == []
    with at(datetime.date(2027, 3, 4)):
        case_decide(
            actor=ohio_trainer,
            case=case,
            decision="decertify",
            reasons=REASONS,
            may_reenroll_on=NEXT_YEAR,
        )
        (waiting,) = open_cases_needing_response(facilitator)
    assert waiting.needs == "appeal"
    assert waiting.deadline == "Appeal by March 18, 2027 — 14 days left"


# --- query budgets -------------------------------------------------------------------------


def _full_case(case, facilitator, ohio_trainer, national_staff):
    with at(OPENED):
        case_respond(actor=facilitator, case=case, response="My side.")
        case = case_decide(
            actor=ohio_trainer,
            case=case,
            decision="decertify",
            reasons=REASONS,
            may_reenroll_on=NEXT_YEAR,
        )
        case = case_appeal(actor=facilitator, case=case, appeal="Please.")
        return case_decide_appeal(
            actor=national_staff, case=case, decision="uphold", reasons="Upheld."
        )


@pytest.mark.parametrize("role", ["facilitator", "ohio_trainer", "national_staff"])
def test_case_page_query_budget(
    client,
    case,
    facilitator,
    ohio_trainer,
    national_staff,
    role,
    request,
    django_assert_max_num_queries,
):
    _full_case(case, facilitator, ohio_trainer, national_staff)
    user = request.getfixturevalue(role)
    with at(OPENED):
        client.force_login(user)
        with django_assert_max_num_queries(8):
            assert client.get(url(case)).status_code == 200


def test_case_list_queries_do_not_grow_with_cases(
    client, case, national_staff, ohio_trainer, program, cleveland, dayton
):
    with at(OPENED):
        client.force_login(national_staff)
    with at(OPENED), CaptureQueriesContext(connection) as one:
        assert client.get("/fidelity/cases/").status_code == 200
    for n, affiliate in enumerate([cleveland, dayton] * 3):
        open_case(issue(UserFactory(full_name=f"Person {n}"), program, affiliate), ohio_trainer)
    with at(OPENED), CaptureQueriesContext(connection) as many:
        response = client.get("/fidelity/cases/")
    assert response.content.decode().count("/fidelity/cases/") >= 7
    assert len(many) == len(one)
    assert len(many) <= 8


@pytest.mark.parametrize("role", ["facilitator", "ohio_trainer", "national_staff"])
def test_open_case_page_query_budget(
    client, case, facilitator, role, request, django_assert_max_num_queries
):
    with at(OPENED):
        case_respond(actor=facilitator, case=case, response="My side.")
        client.force_login(request.getfixturevalue(role))
        with django_assert_max_num_queries(8):
            assert client.get(url(case)).status_code == 200
