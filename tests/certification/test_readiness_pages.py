"""The enrollment page: prerequisites, past assessments, and the readiness assessment form
(each decision, the emails, the prerequisite refusal and the national override); and the
readiness rubric in the Wagtail admin."""

import datetime
import uuid

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certification.dates import add_months
from certification.models import (
    Certification,
    EnrollmentStatus,
    HistoryAction,
    HistoryEntry,
    ReadinessAssessment,
    Role,
    RubricCompetency,
)
from certification.services.conduct import conduct_draft, conduct_publish, conduct_sign
from certification.services.events import attendance_record, event_add_attendee, event_create
from certification.services.readiness import readiness_assess, rubric_for
from curriculum import services as curriculum_services
from tests.curriculum.conftest import ALL_RIGHT, make_module
from tests.factories import UserFactory, grant

from .conftest import enroll


@pytest.fixture
def course(tree, program, national_staff, ohio_trainer):
    """The program's required module, its published code of conduct and an Ohio training."""
    code = conduct_draft(actor=national_staff, program=program, title="Code", text="Be kind.")
    start = timezone.now() - datetime.timedelta(days=1)
    return {
        "module": make_module(program, "boundaries"),
        "code": conduct_publish(actor=national_staff, code=code),
        "event": event_create(
            actor=ohio_trainer,
            program=program,
            state=tree["ohio"],
            title="Ohio training",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=6),
            format="phone",
            location="Call 555-0100",
            capacity=20,
        ),
    }


def prepare(person, program, affiliate, course, trainer, *, attend=True):
    """An enrollment with its prerequisites met through the services (but for attending)."""
    enrollment = enroll(person, program, affiliate)
    curriculum_services.knowledge_check_submit(
        actor=person, module=course["module"], answers=ALL_RIGHT, submission_token=uuid.uuid4()
    )
    conduct_sign(actor=person, code=course["code"], typed_name=person.full_name, agreed=True)
    place = event_add_attendee(actor=trainer, event=course["event"], enrollment=enrollment)
    if attend:
        attendance_record(actor=trainer, attendance=place, attended=True)
    enrollment.refresh_from_db()
    return enrollment


@pytest.fixture
def ready(tree, program, course, ohio_trainer, trainee):
    enrollment = prepare(trainee, program, tree["cleveland"], course, ohio_trainer)
    assert enrollment.status == EnrollmentStatus.READY_FOR_ASSESSMENT
    return enrollment


def url(enrollment):
    return reverse("certification:enrollment_detail", args=[enrollment.pk])


def assessment_data(program, decision, score="3", confirmed=True, **extra):
    """The form as a trainer fills it; `confirmed` as if sent from the confirmation page."""
    data = {f"score_{c.pk}": score for c in rubric_for(program)}
    data.update({"decision": decision, "notes": "Good listener.", **extra})
    if confirmed:
        data["confirmed"] = "yes"
    return data


# --- seeing the page -----------------------------------------------------------------------


def test_the_trainee_sees_their_checklist_and_no_form(client, tree, program, course, trainee):
    enrollment = enroll(trainee, program, tree["cleveland"])
    conduct_sign(actor=trainee, code=course["code"], typed_name=trainee.full_name, agreed=True)
    client.force_login(trainee)
    response = client.get(url(enrollment))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your enrollment in Peer Mentor" in page
    assert "Every required module passed: <strong>not met yet</strong>" in page
    assert "The current code of conduct signed: <strong>met</strong>" in page
    assert "A state training attended: <strong>not met yet</strong>" in page
    assert "No assessment yet. A state trainer assesses you" in page
    assert "Assess readiness" not in page


def test_people_without_a_view_of_the_enrollment_get_a_404(client, tree, program, trainee):
    enrollment = enroll(trainee, program, tree["cleveland"])
    texas_trainer = UserFactory()
    grant(texas_trainer, tree["texas"], Role.STATE_TRAINER)
    columbus_coordinator = UserFactory()
    grant(columbus_coordinator, tree["columbus"], Role.AFFILIATE_COORDINATOR)
    for person in (UserFactory(), texas_trainer, columbus_coordinator):
        client.force_login(person)
        assert client.get(url(enrollment)).status_code == 404
        assert client.post(url(enrollment), {"decision": "ready"}).status_code == 404
    client.logout()
    response = client.get(url(enrollment))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_coordinator_sees_the_page_but_cannot_assess(
    client, tree, program, ready, cleveland_coordinator
):
    client.force_login(cleveland_coordinator)
    response = client.get(url(ready))
    assert response.status_code == 200
    assert "Assess readiness" not in response.content.decode()
    response = client.post(url(ready), assessment_data(program, "ready"))
    assert response.status_code == 403
    assert not ReadinessAssessment.objects.exists()


def test_a_trainer_sees_the_rubric_as_radio_groups(client, program, ready, ohio_trainer):
    client.force_login(ohio_trainer)
    page = client.get(url(ready)).content.decode()
    assert "Tina Walker in Peer Mentor" in page
    first = rubric_for(program)[0]
    assert f"<legend>{first.name} (ready at 3 or more)" in page
    assert page.count(f'name="score_{first.pk}"') == 4
    assert "<legend>Decision" in page
    today = timezone.localdate()
    assert f'value="{add_months(today, 12).isoformat()}"' in page  # may return from
    assert "Override missing prerequisites" not in page


# --- deciding ------------------------------------------------------------------------------


def test_ready_certifies_and_shows_the_certificate_number(
    client, program, ready, ohio_trainer, trainee
):
    client.force_login(ohio_trainer)
    response = client.post(url(ready), assessment_data(program, "ready", score="4"))
    assert response.status_code == 302
    assert response["Location"] == url(ready)
    certification = Certification.objects.get(person=trainee, program=program)
    page = client.get(response["Location"]).content.decode()
    assert f"Certified. Certificate number {certification.display_number}" in page
    ready.refresh_from_db()
    assert ready.status == EnrollmentStatus.CERTIFIED
    assessment = ReadinessAssessment.objects.get()
    assert assessment.assessor == ohio_trainer
    assert {row["score"] for row in assessment.scores} == {4}
    assert len(assessment.scores) == len(rubric_for(program))
    assert "Assess readiness" not in page  # decided: no form any more


def test_not_yet_ready_emails_the_trainee_and_the_coordinator(
    client,
    program,
    ready,
    ohio_trainer,
    trainee,
    cleveland_coordinator,
    django_capture_on_commit_callbacks,
):
    client.force_login(ohio_trainer)
    data = assessment_data(
        program,
        "not_yet_ready",
        score="2",
        reasons="Gave medical advice in two role plays.",
        recommendations="Take the class again next year.",
        may_return_on="",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(ready), data)
    assert response.status_code == 302

    ready.refresh_from_db()
    assert ready.status == EnrollmentStatus.NOT_YET_READY
    assessment = ReadinessAssessment.objects.get()
    assert assessment.may_return_on == add_months(timezone.localdate(), 12)
    outcome = [m for m in mail.outbox if "Training outcome" in m.subject]
    assert len(outcome) == 1
    assert set(outcome[0].to) == {trainee.email, cleveland_coordinator.email}
    assert "Gave medical advice in two role plays." in outcome[0].body
    assert "Take the class again next year." in outcome[0].body

    # The trainee reads the decision, its reasons and recommendations; not the staff notes.
    client.force_login(trainee)
    page = client.get(url(ready)).content.decode()
    assert "Not yet ready ·" in page
    assert "Gave medical advice in two role plays." in page
    assert "Take the class again next year." in page
    assert "Good listener." not in page
    # Staff over the affiliate see the notes too.
    client.force_login(cleveland_coordinator)
    assert "Good listener." in client.get(url(ready)).content.decode()


def test_not_yet_ready_needs_reasons_at_the_field(client, program, ready, ohio_trainer):
    client.force_login(ohio_trainer)
    response = client.post(url(ready), assessment_data(program, "not_yet_ready", reasons=" "))
    assert response.status_code == 400
    assert response.context["form"].errors["reasons"] == ["Say why the trainee is not ready yet."]
    assert 'id="id_reasons_error"' in response.content.decode()
    assert not ReadinessAssessment.objects.exists()


def test_the_return_date_is_in_the_future(client, program, ready, ohio_trainer):
    client.force_login(ohio_trainer)
    data = assessment_data(
        program, "not_yet_ready", reasons="Not yet.", may_return_on=timezone.localdate()
    )
    response = client.post(url(ready), data)
    assert response.status_code == 400
    assert response.context["form"].errors["may_return_on"] == ["Choose a date in the future."]
    assert not ReadinessAssessment.objects.exists()


def test_refer_needs_a_role_then_records_it(client, program, ready, ohio_trainer):
    client.force_login(ohio_trainer)
    response = client.post(url(ready), assessment_data(program, "refer"))
    assert response.status_code == 400
    assert response.context["form"].errors["suggested_role"] == [
        "Say where you refer the trainee to."
    ]
    assert "Refer to: which role or program?" in response.content.decode()
    response = client.post(
        url(ready), assessment_data(program, "refer", suggested_role="Peer mentor"), follow=True
    )
    assert "Recorded: referred to another role (Peer mentor)." in response.content.decode()
    ready.refresh_from_db()
    assert ready.status == EnrollmentStatus.REFERRED


def test_every_competency_needs_a_score(client, program, ready, ohio_trainer):
    client.force_login(ohio_trainer)
    data = assessment_data(program, "ready")
    first = rubric_for(program)[0]
    del data[f"score_{first.pk}"]
    response = client.post(url(ready), data)
    assert response.status_code == 400
    assert response.context["form"].errors[f"score_{first.pk}"] == [
        "Score this competency from 1 to 4."
    ]
    page = response.content.decode()
    assert f'aria-describedby="id_score_{first.pk}_helptext id_score_{first.pk}_error"' in page
    assert not ReadinessAssessment.objects.exists()


def test_a_decided_enrollment_is_not_decided_twice(client, program, ready, ohio_trainer):
    client.force_login(ohio_trainer)
    client.post(url(ready), assessment_data(program, "ready"))
    response = client.post(url(ready), assessment_data(program, "not_yet_ready", reasons="x"))
    assert response.status_code == 400
    assert "This enrollment was already decided: Certified." in response.content.decode()
    assert ReadinessAssessment.objects.count() == 1


def test_missing_prerequisites_are_refused_with_a_message(
    client, tree, program, course, ohio_trainer, trainee
):
    enrollment = prepare(trainee, program, tree["cleveland"], course, ohio_trainer, attend=False)
    client.force_login(ohio_trainer)
    page = client.get(url(enrollment)).content.decode()
    assert "Not every prerequisite is met" in page
    assert "Override missing prerequisites" not in page

    response = client.post(url(enrollment), assessment_data(program, "ready"))
    assert response.status_code == 400
    assert (
        "Not ready to assess yet. Missing: a state training attended." in response.content.decode()
    )
    # A trainer cannot smuggle an override in.
    data = assessment_data(program, "ready", override_reason="Trust me")
    assert client.post(url(enrollment), data).status_code == 400
    assert not ReadinessAssessment.objects.exists()
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.IN_TRAINING


def test_national_staff_override_with_a_reason(
    client, tree, program, course, ohio_trainer, national_staff, trainee
):
    enrollment = prepare(trainee, program, tree["cleveland"], course, ohio_trainer, attend=False)
    client.force_login(national_staff)
    page = client.get(url(enrollment)).content.decode()
    assert "Override missing prerequisites: why" in page

    response = client.post(url(enrollment), assessment_data(program, "ready"))
    assert response.status_code == 400
    assert response.context["form"].errors["override_reason"] == [
        "Say why the missing prerequisites may be overridden."
    ]

    reason = "Attended the Texas training in March; records lost in the move."
    response = client.post(
        url(enrollment), assessment_data(program, "ready", override_reason=reason), follow=True
    )
    assert "Certified. Certificate number" in response.content.decode()
    assessment = ReadinessAssessment.objects.get()
    assert assessment.prerequisite_override == reason
    entry = HistoryEntry.objects.get(action=HistoryAction.ASSESSED)
    assert entry.details["override"] == reason
    assert entry.details["missing"] == ["event"]
    assert reason in response.content.decode()  # shown to staff on the page


def test_the_enrollment_page_has_a_fixed_query_budget(
    client, program, ready, ohio_trainer, django_assert_max_num_queries
):
    client.force_login(ohio_trainer)
    rubric_for(program)
    with CaptureQueriesContext(connection) as six:
        assert client.get(url(ready)).status_code == 200
    for n in range(6):
        RubricCompetency.objects.create(program=program, name=f"Extra {n}", sort_order=10 + n)
    with django_assert_max_num_queries(len(six)):
        response = client.get(url(ready))
    assert response.content.decode().count("(ready at 3 or more)") == 12
    assert len(six) <= 14


def test_the_decided_page_has_a_fixed_query_budget(
    client, program, ready, ohio_trainer, trainee, django_assert_max_num_queries
):
    readiness_assess(
        actor=ohio_trainer,
        enrollment=ready,
        scores={c.pk: 3 for c in rubric_for(program)},
        decision="ready",
    )
    client.force_login(trainee)
    with django_assert_max_num_queries(14):
        response = client.get(url(ready))
    number = Certification.objects.get(enrollment=ready).display_number
    assert f"Certificate number {number} · Active" in response.content.decode()


# --- the rubric in the Wagtail admin -------------------------------------------------------


def test_national_staff_list_rubrics_by_program(client, program, national_staff):
    rubric_for(program)
    client.force_login(national_staff)
    response = client.get(reverse("rubric_competencies:index"), {"program": program.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Keeps boundaries" in page and "Listens without judgement" in page


def test_adding_a_competency_keeps_the_default_rubric(client, program, national_staff):
    client.force_login(national_staff)
    response = client.post(
        reverse("rubric_competencies:add"),
        {
            "program": program.pk,
            "name": "Ends a group on time",
            "description": "Keeps to the agreed time.",
            "threshold": "2",
            "sort_order": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    names = [c.name for c in rubric_for(program)]
    assert len(names) == 7
    assert names[-1] == "Ends a group on time"
    assert RubricCompetency.objects.get(name="Ends a group on time").threshold == 2


def test_a_competency_is_taken_out_of_use_not_deleted(client, program, national_staff):
    competency = rubric_for(program)[0]
    client.force_login(national_staff)
    response = client.post(
        reverse("rubric_competencies:edit", args=[competency.pk]),
        {
            "name": competency.name,
            "description": competency.description,
            "threshold": "3",
            "sort_order": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert competency.name not in [c.name for c in rubric_for(program)]

    delete = reverse("rubric_competencies:delete", args=[competency.pk])
    assert client.get(delete).status_code in (302, 403)
    client.post(delete)
    assert RubricCompetency.objects.filter(pk=competency.pk).exists()


def test_the_last_competency_in_use_stays_in_use(client, program, national_staff):
    competencies = rubric_for(program)
    RubricCompetency.objects.filter(pk__in=[c.pk for c in competencies[1:]]).update(is_active=False)
    last = competencies[0]
    client.force_login(national_staff)
    response = client.post(
        reverse("rubric_competencies:edit", args=[last.pk]),
        {"name": last.name, "description": "", "threshold": "3", "sort_order": "0"},
    )
    assert response.status_code == 200
    assert "A program needs at least one competency in use." in response.content.decode()
    last.refresh_from_db()
    assert last.is_active


def test_trainers_cannot_edit_rubrics(client, program, ohio_trainer):
    competency = rubric_for(program)[0]
    client.force_login(ohio_trainer)
    assert client.get(reverse("rubric_competencies:index")).status_code in (302, 403)
    client.post(
        reverse("rubric_competencies:edit", args=[competency.pk]),
        {"name": "Changed", "threshold": "1", "sort_order": "0", "is_active": "on"},
    )
    competency.refresh_from_db()
    assert competency.name != "Changed"


# --- the confirmation step -----------------------------------------------------------------

DECISIONS = {
    "ready": (
        {},
        [
            "Certify Tina Walker?",
            "Tina Walker will be certified in Peer Mentor: a certificate valid through",
            "Tina Walker is emailed the certificate number.",
            "Yes, certify the trainee",
        ],
    ),
    "not_yet_ready": (
        {"reasons": "Gave advice about doses in role play."},
        [
            "Record Tina Walker as not yet ready?",
            "Tina Walker&#x27;s enrollment in Peer Mentor ends as not yet ready.",
            "Tina Walker and the coordinators of Cleveland Peer Support are emailed your reasons",
            "Yes, record not yet ready",
        ],
    ),
    "refer": (
        {"suggested_role": "Event volunteer"},
        [
            "Refer Tina Walker to another role?",
            "ends as referred to: Event volunteer.",
            "No one is emailed: tell Tina Walker yourself.",
            "Yes, refer the trainee",
        ],
    ),
}


@pytest.mark.parametrize("decision", list(DECISIONS))
def test_a_decision_is_confirmed_first_and_the_first_post_changes_nothing(
    client, program, ready, ohio_trainer, decision
):
    extra, expected = DECISIONS[decision]
    client.force_login(ohio_trainer)
    data = assessment_data(program, decision, confirmed=False, **extra)
    response = client.post(url(ready), data)
    assert response.status_code == 200
    page = response.content.decode()
    for text in expected:
        assert text in page
    assert "Go back" in page
    assert 'name="confirmed" value="yes"' in page
    ready.refresh_from_db()
    assert ready.status == EnrollmentStatus.READY_FOR_ASSESSMENT
    assert not ReadinessAssessment.objects.exists()

    response = client.post(url(ready), {**data, "confirmed": "yes"})
    assert response.status_code == 302
    assert ReadinessAssessment.objects.get().decision == decision


def test_go_back_shows_the_filled_assessment_form(client, program, ready, ohio_trainer):
    client.force_login(ohio_trainer)
    data = assessment_data(
        program, "not_yet_ready", confirmed=False, reasons="Needs more practice.", back="1"
    )
    response = client.post(url(ready), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Needs more practice.</textarea>" in page
    assert "Record the assessment" in page
    assert not ReadinessAssessment.objects.exists()


def test_ready_below_a_threshold_needs_a_reason_then_shows_it_in_the_history(
    client, program, ready, ohio_trainer, trainee, cleveland_coordinator
):
    low = rubric_for(program)[0]
    client.force_login(ohio_trainer)
    data = assessment_data(program, "ready", confirmed=False, **{f"score_{low.pk}": "2"})
    response = client.post(url(ready), data)
    assert response.status_code == 400
    errors = response.context["form"].errors["threshold_override"]
    assert errors == [
        f"Scored below its “ready at” level: {low.name}. Choose another decision, or say why "
        "the trainee is ready anyway."
    ]
    assert 'id="id_threshold_override_error"' in response.content.decode()
    # Even a POST that claims the confirmation is refused without the reason.
    assert client.post(url(ready), {**data, "confirmed": "yes"}).status_code == 400
    assert not ReadinessAssessment.objects.exists()

    reason = "Strong in two supervised groups since; the role play was an off day."
    data["threshold_override"] = reason
    asked = client.post(url(ready), data).content.decode()
    assert f"You decide “ready” although {low.name} scored below the “ready at” level." in asked
    assert not ReadinessAssessment.objects.exists()
    response = client.post(url(ready), {**data, "confirmed": "yes"}, follow=True)
    assert "Certified. Certificate number" in response.content.decode()
    assert ReadinessAssessment.objects.get().threshold_override == reason
    entry = HistoryEntry.objects.get(action=HistoryAction.ASSESSED)
    assert entry.details["threshold_override"] == reason
    assert entry.details["below_threshold"] == [low.name]
    # Shown in the assessment history, to staff and to the trainee.
    for person in (ohio_trainer, cleveland_coordinator, trainee):
        client.force_login(person)
        page = client.get(url(ready)).content.decode()
        assert "Ready although a score was below its “ready at” level, because" in page
        assert reason in page
