"""The dashboard shows each person the part of the path that is theirs: a trainee their next
steps, a certified facilitator their certificates and observations, national staff the
programs whose trainees cannot be assessed; and the code of conduct page never dead-ends."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from certification.models import (
    CaseStatus,
    Concern,
    ConcernCategory,
    ConcernSetting,
    DecertificationCase,
    EnrollmentStatus,
    FidelityObservation,
    SessionKind,
)
from certification.services.conduct import conduct_draft, conduct_publish
from certification.services.enrollments import enrollment_create
from curriculum.models import ProgramPage, TrainingIndexPage
from tests.certification.conftest import enroll, issue
from tests.curriculum.conftest import make_module
from tests.factories import UserFactory, make_affiliate


@pytest.fixture
def programs(db):
    home = Page.objects.get(depth=2)
    index = TrainingIndexPage(title="Training", slug="training")
    home.add_child(instance=index)
    sgf = ProgramPage(title="Support Group Facilitator", slug="sgf", validity_months=24)
    index.add_child(instance=sgf)
    mentor = ProgramPage(title="Peer Mentor", slug="peer-mentor", validity_months=24)
    index.add_child(instance=mentor)
    return {
        "index": index,
        "sgf": sgf,
        "mentor": mentor,
        "boundaries": make_module(sgf, "boundaries"),
        "privacy": make_module(sgf, "privacy"),
    }


def publish(staff, program, text="I never give medical advice."):
    code = conduct_draft(actor=staff, program=program, title=f"{program.title} code", text=text)
    return conduct_publish(actor=staff, code=code)


def dashboard(client, person):
    client.force_login(person)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_brand_new_account_is_told_to_enroll(client, programs, trainee):
    content = dashboard(client, trainee)
    assert "Your next steps" in content
    assert "Start: enroll in a program" in content
    assert f'href="{reverse("certification:enroll")}"' in content
    assert "You take part as a trainee" in content
    assert "Your certificates</h2>" not in content


def test_an_enrolled_trainee_sees_one_checklist_with_the_next_module_linked(
    client, programs, tree, trainee
):
    enrollment_create(
        actor=trainee, person=trainee, program=programs["sgf"], affiliate=tree["cleveland"]
    )
    content = dashboard(client, trainee)
    assert "Support Group Facilitator with Cleveland Peer Support" in content
    assert "1 of 6 steps done" in content
    assert f'href="{programs["boundaries"].url}">Start with Boundaries</a>' in content
    assert 'aria-current="step"' in content
    assert (
        "Your program has not published its code of conduct yet. You will be emailed when it does."
    ) in content
    assert "Ask your coordinator for a place at a training." in content
    assert "Start: enroll in a program" not in content
    assert "Your training" in content


def test_a_certified_facilitator_sees_certificates_and_observations_not_trainee_cards(
    client, programs, tree, cleveland_coordinator, ohio_trainer
):
    felix = UserFactory(full_name="Felix Moreno")
    certification = issue(felix, programs["sgf"], tree["cleveland"])
    observation = FidelityObservation.objects.create(
        program=programs["sgf"],
        affiliate=tree["cleveland"],
        observer=cleveland_coordinator,
        observed_on=timezone.localdate(),
        session_kind=SessionKind.GROUP,
        scores=[{"name": "Keeps boundaries", "threshold": 3, "score": 4}],
        average_score=4,
    )
    observation.facilitators.add(felix)
    concern = Concern.objects.create(
        certification=certification,
        subject=felix,
        affiliate=tree["cleveland"],
        program=programs["sgf"],
        category=ConcernCategory.MEDICAL_ADVICE,
        what_happened="Named a pill.",
        setting=ConcernSetting.GROUP,
    )
    case = DecertificationCase.objects.create(
        concern=concern,
        certification=certification,
        status=CaseStatus.AWAITING_DECISION,
        allegation="Medical advice in group.",
        opened_by=ohio_trainer,
        response_due_on=timezone.localdate(),
    )
    content = dashboard(client, felix)
    assert "Your certificates</h2>" in content
    assert certification.display_number in content
    assert "valid through" in content
    assert "Renewal opens on" in content
    assert "Open decertification case" in content
    assert f'href="{reverse("certification:case_detail", args=[case.pk])}"' in content
    assert "Your observed sessions" in content
    assert reverse("certification:observation_detail", args=[observation.pk]) in content
    assert "You take part as a trainee" not in content
    assert "You take part as a facilitator" in content
    assert "Your next steps" not in content
    assert "Your training</h2>" not in content


def test_national_staff_are_warned_of_programs_without_a_code(
    client, programs, national_staff, ohio_trainer
):
    publish(national_staff, programs["sgf"])
    content = dashboard(client, national_staff)
    assert "Peer Mentor has no code of conduct: trainees cannot be assessed." in content
    assert "Support Group Facilitator has no code of conduct" not in content
    assert f'href="{reverse("codes_of_conduct:add")}"' in content
    # Staff who are not training see no trainee cards.
    assert "Your next steps" not in content
    # Trainers do not publish codes: no warning for them.
    assert "has no code of conduct" not in dashboard(client, ohio_trainer)

    publish(national_staff, programs["mentor"])
    assert "has no code of conduct" not in dashboard(client, national_staff)


def test_codes_to_sign_are_only_those_of_the_persons_programs(
    client, programs, tree, trainee, national_staff
):
    publish(national_staff, programs["sgf"])
    publish(national_staff, programs["mentor"])
    enrollment_create(
        actor=trainee, person=trainee, program=programs["sgf"], affiliate=tree["cleveland"]
    )
    content = dashboard(client, trainee)
    assert "Support Group Facilitator code" in content
    assert "Peer Mentor code" not in content


@pytest.mark.parametrize("count", [1, 5])
def test_dashboard_query_budget_for_trainees_and_facilitators(
    client, programs, tree, national_staff, django_assert_max_num_queries, count
):
    person = UserFactory()
    publish(national_staff, programs["sgf"])
    for n in range(count):
        program = ProgramPage(title=f"Program {n}", slug=f"program-{n}")
        programs["index"].add_child(instance=program)
        make_module(program, f"module-{n}")
        enroll(person, program, tree["cleveland"])
        other = ProgramPage(title=f"Certified {n}", slug=f"certified-{n}")
        programs["index"].add_child(instance=other)
        issue(person, other, make_affiliate(f"OH-D{n}", tree["ohio"]))
    client.force_login(person)
    with django_assert_max_num_queries(40):
        content = client.get(reverse("dashboard")).content.decode()
    assert content.count('class="card next-steps"') == count
    assert content.count("valid through") >= count


# --- the code of conduct page and what publishing sends --------------------------------------


def test_conduct_page_of_a_program_without_a_code_says_so(client, programs, trainee):
    client.force_login(trainee)
    url = reverse("certification:conduct_detail", args=["peer-mentor"])
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Peer Mentor code of conduct" in content
    assert (
        "Your program has not published its code of conduct yet. You will be emailed when it does."
    ) in content
    assert client.post(url, {"typed_name": "x", "agreed": "on"}).status_code == 400
    missing = reverse("certification:conduct_detail", args=["no-such-program"])
    assert client.get(missing).status_code == 404


def test_publishing_emails_trainees_in_training_and_asks_holders_to_sign(
    programs, tree, national_staff, django_capture_on_commit_callbacks
):
    training = UserFactory(email="training@example.org")
    enrollment_create(
        actor=training, person=training, program=programs["sgf"], affiliate=tree["cleveland"]
    )
    withdrawn = UserFactory(email="withdrawn@example.org")
    enroll(withdrawn, programs["sgf"], tree["cleveland"])
    withdrawn.enrollments.update(status=EnrollmentStatus.WITHDRAWN)
    elsewhere = UserFactory(email="elsewhere@example.org")
    enroll(elsewhere, programs["mentor"], tree["cleveland"])
    holder = UserFactory(email="holder@example.org")
    issue(holder, programs["sgf"], tree["cleveland"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        publish(national_staff, programs["sgf"])

    by_person = {message.to[0]: message for message in mail.outbox}
    assert set(by_person) == {"training@example.org", "holder@example.org"}
    ready = by_person["training@example.org"]
    assert ready.subject == "[Trellis] Your code of conduct is ready to sign"
    assert "Support Group Facilitator" in ready.body
    assert reverse("certification:conduct_detail", args=["sgf"]) in ready.body
    assert (
        by_person["holder@example.org"].subject == "[Trellis] Please sign the new code of conduct"
    )


def test_enrollment_page_names_the_missing_code(client, programs, tree, trainee, ohio_trainer):
    enrollment = enrollment_create(
        actor=trainee, person=trainee, program=programs["mentor"], affiliate=tree["cleveland"]
    )
    client.force_login(ohio_trainer)
    url = reverse("certification:enrollment_detail", args=[enrollment.pk])
    content = client.get(url).content.decode()
    assert "Peer Mentor has no published code of conduct: <strong>not met yet" in content
    assert "The current code of conduct signed" not in content


def test_the_readiness_check_names_the_missing_code(programs, tree, trainee, ohio_trainer):
    from django.core.exceptions import ValidationError

    from certification.services.readiness import readiness_assess, rubric_for

    enrollment = enrollment_create(
        actor=trainee, person=trainee, program=programs["mentor"], affiliate=tree["cleveland"]
    )
    with pytest.raises(ValidationError) as refused:
        readiness_assess(
            actor=ohio_trainer,
            enrollment=enrollment,
            scores={c.pk: 4 for c in rubric_for(programs["mentor"])},
            decision="ready",
        )
    assert "Peer Mentor has no published code of conduct" in " ".join(refused.value.messages)
    assert "a state training attended" in " ".join(refused.value.messages)


def test_an_expired_certificate_stays_on_the_dashboard_until_renewed(client, programs, tree):
    """A facilitator whose certificate ran out is no longer a trainee: the dashboard must still
    show the certificate and lead to where it is renewed, or they would have no way on."""
    felix = UserFactory(full_name="Felix Moreno")
    expired = issue(felix, programs["sgf"], tree["cleveland"])
    expired.status = "expired"
    expired.save(update_fields=["status"])
    content = dashboard(client, felix)
    assert expired.display_number in content
    assert "This certificate has expired." in content
    assert f'href="{reverse("certification:my_certificates")}"' in content
    # Active again (renewed), it shows without the expiry warning.
    expired.status = "active"
    expired.save(update_fields=["status"])
    content = dashboard(client, felix)
    assert expired.display_number in content and "This certificate has expired." not in content
