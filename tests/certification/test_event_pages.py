"""Training event pages: trainers schedule a training in their state, give trainees their
places and record attendance; other states' events are a 404; coordinators run none."""

import datetime
import uuid
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certification.models import (
    AttendanceStatus,
    EnrollmentStatus,
    EventAttendance,
    Role,
    TrainingEvent,
)
from certification.services.conduct import conduct_draft, conduct_publish, conduct_sign
from certification.services.events import event_add_attendee, event_create
from curriculum import services as curriculum_services
from curriculum.models import ProgramPage
from tests.curriculum.conftest import ALL_RIGHT, make_module
from tests.factories import UserFactory, grant

from .conftest import enroll

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def make_event(trainer, program, state, *, days=10, capacity=20, title="Spring training"):
    start = timezone.now() + datetime.timedelta(days=days)
    return event_create(
        actor=trainer,
        program=program,
        state=state,
        title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        format="in_person",
        location="Columbus Metropolitan Library",
        capacity=capacity,
    )


def form_data(program, **overrides):
    data = {
        "program": program.pk,
        "title": "Fall training in Columbus",
        "start_date": "2031-10-04",
        "start_time": "09:00",
        "end_date": "2031-10-05",
        "end_time": "16:30",
        "format": "in_person",
        "location": "Columbus Metropolitan Library, 96 S Grant Ave",
        "capacity": "12",
    }
    data.update(overrides)
    return data


def create_url(state=None):
    url = reverse("certification:event_create")
    return f"{url}?state={state.slug}" if state is not None else url


def detail_url(event):
    return reverse("certification:event_detail", args=[event.pk])


# --- the list ------------------------------------------------------------------------------


def test_the_list_shows_upcoming_events_first_then_past_ones(
    client, tree, program, ohio_trainer, national_staff
):
    make_event(ohio_trainer, program, tree["ohio"], days=30, title="Later training")
    make_event(ohio_trainer, program, tree["ohio"], days=3, title="Sooner training")
    make_event(ohio_trainer, program, tree["ohio"], days=-40, title="Older training")
    make_event(ohio_trainer, program, tree["ohio"], days=-5, title="Recent training")
    make_event(national_staff, program, tree["texas"], days=3, title="Texas training")

    client.force_login(ohio_trainer)
    response = client.get(reverse("certification:event_list"))
    assert response.status_code == 200
    content = response.content.decode()
    order = ["Sooner training", "Later training", "Recent training", "Older training"]
    assert [content.index(title) for title in order] == sorted(content.index(t) for t in order)
    assert "Texas training" not in content
    assert f'href="{create_url(tree["ohio"])}"' in content
    assert "0 of 20 places taken" in content


def test_national_staff_schedule_in_every_state(client, tree, program, national_staff):
    client.force_login(national_staff)
    content = client.get(reverse("certification:event_list")).content.decode()
    assert "Schedule a training in Peer Support Ohio" in content
    assert "Schedule a training in Peer Support Texas" in content

    # Without a state, they choose one first.
    response = client.get(create_url())
    assert response.status_code == 200
    assert 'name="state"' in response.content.decode()
    response = client.get(create_url(tree["texas"]))
    assert "Schedule a training in Peer Support Texas" in response.content.decode()


def test_a_trainer_with_no_events_is_told_what_to_do(client, tree, ohio_trainer):
    client.force_login(ohio_trainer)
    content = client.get(reverse("certification:event_list")).content.decode()
    assert "No training is scheduled yet." in content


# --- scheduling ----------------------------------------------------------------------------


def test_trainer_schedules_a_training_with_a_co_trainer(client, tree, program, ohio_trainer):
    co_trainer = UserFactory(full_name="Olivia Chen")
    grant(co_trainer, tree["ohio"], Role.STATE_TRAINER)
    texas_trainer = UserFactory(full_name="Terry Texan")
    grant(texas_trainer, tree["texas"], Role.STATE_TRAINER)

    client.force_login(ohio_trainer)
    page = client.get(create_url(tree["ohio"])).content.decode()
    assert "Olivia Chen" in page
    assert "Terry Texan" not in page
    assert 'type="date"' in page and 'type="time"' in page
    assert "<legend>Format" in page and "<legend>Co-trainers" in page

    response = client.post(create_url(tree["ohio"]), form_data(program, trainers=[co_trainer.pk]))
    event = TrainingEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(event)
    assert event.state == tree["ohio"]
    assert event.capacity == 12
    assert event.starts_at == datetime.datetime(2031, 10, 4, 9, 0, tzinfo=NEW_YORK)
    assert event.ends_at == datetime.datetime(2031, 10, 5, 16, 30, tzinfo=NEW_YORK)
    assert set(event.trainers.all()) == {ohio_trainer, co_trainer}


def test_service_errors_show_at_the_fields(client, tree, program, ohio_trainer):
    client.force_login(ohio_trainer)
    response = client.post(
        create_url(tree["ohio"]), form_data(program, end_date="2031-10-04", end_time="08:00")
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["end_date"] == ["The end must be after the start."]
    page = response.content.decode()
    assert 'id="id_end_date_error"' in page
    assert 'aria-invalid="true" aria-describedby="id_end_date_error"' in page
    assert not TrainingEvent.objects.exists()


def test_a_trainer_of_another_state_cannot_be_a_co_trainer(client, tree, program, ohio_trainer):
    texas_trainer = UserFactory()
    grant(texas_trainer, tree["texas"], Role.STATE_TRAINER)
    client.force_login(ohio_trainer)
    response = client.post(
        create_url(tree["ohio"]), form_data(program, trainers=[texas_trainer.pk])
    )
    assert response.status_code == 400
    assert "trainers" in response.context["form"].errors
    assert not TrainingEvent.objects.exists()


def test_only_live_programs_are_offered(client, tree, program, ohio_trainer):
    draft = ProgramPage(title="Draft program", slug="draft-program", live=False)
    program.get_parent().add_child(instance=draft)
    client.force_login(ohio_trainer)
    page = client.get(create_url(tree["ohio"])).content.decode()
    assert "Peer Mentor" in page
    assert "Draft program" not in page
    response = client.post(create_url(tree["ohio"]), form_data(draft))
    assert response.status_code == 400
    assert "program" in response.context["form"].errors


def test_coordinators_cannot_run_events(client, tree, program, cleveland_coordinator):
    client.force_login(cleveland_coordinator)
    assert client.get(reverse("certification:event_list")).status_code == 403
    assert client.get(create_url(tree["ohio"])).status_code == 403
    assert client.post(create_url(tree["ohio"]), form_data(program)).status_code == 403
    assert not TrainingEvent.objects.exists()


def test_trainers_schedule_only_in_their_own_state(client, tree, program, ohio_trainer):
    client.force_login(ohio_trainer)
    assert client.get(create_url(tree["texas"])).status_code == 404
    assert client.post(create_url(tree["texas"]), form_data(program)).status_code == 404
    assert not TrainingEvent.objects.exists()


def test_anonymous_people_are_sent_to_sign_in(client, tree, program, ohio_trainer):
    event = make_event(ohio_trainer, program, tree["ohio"])
    for url in (reverse("certification:event_list"), create_url(tree["ohio"]), detail_url(event)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


# --- one event -----------------------------------------------------------------------------


@pytest.fixture
def event(tree, program, ohio_trainer):
    return make_event(ohio_trainer, program, tree["ohio"], capacity=2)


def test_other_state_trainers_get_a_404(client, tree, program, event, ohio_trainer):
    texas_trainer = UserFactory()
    grant(texas_trainer, tree["texas"], Role.STATE_TRAINER)
    place = event_add_attendee(
        actor=ohio_trainer,
        event=event,
        enrollment=enroll(UserFactory(), program, tree["cleveland"]),
    )
    client.force_login(texas_trainer)
    assert client.get(detail_url(event)).status_code == 404
    add_url = reverse("certification:event_add_attendee", args=[event.pk])
    assert client.post(add_url, {"enrollment": place.enrollment_id}).status_code == 404
    record_url = reverse("certification:attendance_record", args=[event.pk, place.pk])
    assert client.post(record_url, {"attended": "yes"}).status_code == 404
    place.refresh_from_db()
    assert place.status == AttendanceStatus.REGISTERED


def test_the_add_a_trainee_list_offers_the_right_enrollments(
    client, tree, program, event, ohio_trainer
):
    cleveland = enroll(UserFactory(full_name="Casey Cleveland"), program, tree["cleveland"])
    enroll(UserFactory(full_name="Colin Columbus"), program, tree["columbus"])
    enroll(UserFactory(full_name="Austin Person"), program, tree["austin"])
    closed = enroll(UserFactory(full_name="Wanda Withdrawn"), program, tree["cleveland"])
    closed.status = EnrollmentStatus.WITHDRAWN
    closed.save()
    other_program = ProgramPage(title="Teacher", slug="teacher")
    program.get_parent().add_child(instance=other_program)
    enroll(UserFactory(full_name="Otto Other"), other_program, tree["cleveland"])

    client.force_login(ohio_trainer)
    page = client.get(detail_url(event)).content.decode()
    assert "Casey Cleveland · Cleveland Peer Support" in page
    assert "Colin Columbus · Columbus Family Network" in page
    for name in ("Austin Person", "Wanda Withdrawn", "Otto Other"):
        assert name not in page
    assert "0 of 2 places taken" in page

    add_url = reverse("certification:event_add_attendee", args=[event.pk])
    response = client.post(add_url, {"enrollment": cleveland.pk}, follow=True)
    assert "Casey Cleveland has a place on this training." in response.content.decode()
    assert EventAttendance.objects.filter(event=event, enrollment=cleveland).exists()
    page = response.content.decode()
    assert "1 of 2 places taken" in page
    # Listed on the roster (with a link to the enrollment), no longer offered to add.
    assert reverse("certification:enrollment_detail", args=[cleveland.pk]) in page
    assert "Casey Cleveland · Cleveland Peer Support" not in page


def test_a_trainee_of_another_state_cannot_be_added(client, tree, program, event, ohio_trainer):
    austin = enroll(UserFactory(), program, tree["austin"])
    client.force_login(ohio_trainer)
    add_url = reverse("certification:event_add_attendee", args=[event.pk])
    response = client.post(add_url, {"enrollment": austin.pk})
    assert response.status_code == 400
    assert "enrollment" in response.context["add_form"].errors
    assert not EventAttendance.objects.exists()


def test_a_full_event_says_so(client, tree, program, event, ohio_trainer):
    for _ in range(2):
        event_add_attendee(
            actor=ohio_trainer,
            event=event,
            enrollment=enroll(UserFactory(), program, tree["cleveland"]),
        )
    waiting = enroll(UserFactory(), program, tree["cleveland"])
    client.force_login(ohio_trainer)
    page = client.get(detail_url(event)).content.decode()
    assert "2 of 2 places taken" in page
    assert "The event is full." in page
    add_url = reverse("certification:event_add_attendee", args=[event.pk])
    response = client.post(add_url, {"enrollment": waiting.pk})
    assert response.status_code == 400
    assert "The event is full." in response.content.decode()
    assert event.attendances.count() == 2


def test_the_roster_prints_as_a_sign_in_sheet(client, tree, program, event, ohio_trainer):
    event_add_attendee(
        actor=ohio_trainer,
        event=event,
        enrollment=enroll(UserFactory(full_name="Sam Signer"), program, tree["cleveland"]),
    )
    client.force_login(ohio_trainer)
    page = client.get(detail_url(event)).content.decode()
    assert 'class="print-only">Signature</th>' in page
    assert 'class="print-only signature-cell"></td>' in page
    assert 'class="card narrow no-print"' in page  # the "Add a trainee" form is not printed


@pytest.fixture
def course(program, national_staff):
    """The program's one required module and its published code of conduct."""
    code = conduct_draft(
        actor=national_staff, program=program, title="Code", text="I keep privacy."
    )
    return {
        "module": make_module(program, "boundaries"),
        "code": conduct_publish(actor=national_staff, code=code),
    }


def prepared_enrollment(person, program, affiliate, course):
    """An open enrollment whose trainee passed the module and signed the code of conduct."""
    enrollment = enroll(person, program, affiliate)
    curriculum_services.knowledge_check_submit(
        actor=person, module=course["module"], answers=ALL_RIGHT, submission_token=uuid.uuid4()
    )
    conduct_sign(actor=person, code=course["code"], typed_name=person.full_name, agreed=True)
    return enrollment


def test_recording_attendance_makes_a_prepared_trainee_ready(
    client, tree, program, event, ohio_trainer, course
):
    trainee = UserFactory(full_name="Riley Ready")
    enrollment = prepared_enrollment(trainee, program, tree["cleveland"], course)
    place = event_add_attendee(actor=ohio_trainer, event=event, enrollment=enrollment)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.IN_TRAINING

    client.force_login(ohio_trainer)
    record_url = reverse("certification:attendance_record", args=[event.pk, place.pk])
    response = client.post(record_url, {"attended": "yes"}, follow=True)
    assert (
        "Riley Ready attended. Every prerequisite is met: ready for assessment."
        in response.content.decode()
    )
    place.refresh_from_db()
    enrollment.refresh_from_db()
    assert place.status == AttendanceStatus.ATTENDED
    assert place.recorded_by == ohio_trainer
    assert enrollment.status == EnrollmentStatus.READY_FOR_ASSESSMENT

    # A correction: they did not come after all, so the enrollment is no longer ready.
    response = client.post(record_url, {"attended": "no"}, follow=True)
    assert "Riley Ready: did not attend." in response.content.decode()
    place.refresh_from_db()
    enrollment.refresh_from_db()
    assert place.status == AttendanceStatus.ABSENT
    assert enrollment.status == EnrollmentStatus.IN_TRAINING


def test_recording_attendance_needs_a_post(client, tree, program, event, ohio_trainer):
    place = event_add_attendee(
        actor=ohio_trainer,
        event=event,
        enrollment=enroll(UserFactory(), program, tree["cleveland"]),
    )
    client.force_login(ohio_trainer)
    record_url = reverse("certification:attendance_record", args=[event.pk, place.pk])
    assert client.get(record_url).status_code == 405


def test_the_event_page_costs_the_same_with_1_or_15_attendees(
    client, tree, program, ohio_trainer, django_assert_max_num_queries
):
    small = make_event(ohio_trainer, program, tree["ohio"], capacity=30, title="Small")
    large = make_event(ohio_trainer, program, tree["ohio"], capacity=30, title="Large")
    affiliates = [tree["cleveland"], tree["columbus"]]
    event_add_attendee(
        actor=ohio_trainer, event=small, enrollment=enroll(UserFactory(), program, affiliates[0])
    )
    for i in range(15):
        enrollment = enroll(UserFactory(), program, affiliates[i % 2])
        event_add_attendee(actor=ohio_trainer, event=large, enrollment=enrollment)
    for _ in range(5):  # people waiting for a place, offered on both pages
        enroll(UserFactory(), program, tree["cleveland"])
    client.force_login(ohio_trainer)

    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(detail_url(small)).status_code == 200
    with django_assert_max_num_queries(len(small_queries)):
        response = client.get(detail_url(large))
    assert response.status_code == 200
    assert "15 of 30 places taken" in response.content.decode()
    assert len(small_queries) <= 9


def test_the_list_costs_the_same_with_more_events(
    client, tree, program, ohio_trainer, django_assert_max_num_queries
):
    make_event(ohio_trainer, program, tree["ohio"])
    client.force_login(ohio_trainer)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("certification:event_list"))
    for days in range(-6, 6):
        make_event(ohio_trainer, program, tree["ohio"], days=days * 7 + 1)
    with django_assert_max_num_queries(len(few)):
        assert client.get(reverse("certification:event_list")).status_code == 200
