"""The pages where trainers change or cancel a training, and how a cancelled training shows:
kept in the list and on its page with who cancelled it, when and why, and never again
offered for placement. Each page keeps its query budget at two sizes."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certification.models import EventAttendance, HistoryAction, HistoryEntry, Role
from certification.services.events import event_add_attendee, event_cancel
from tests.factories import UserFactory, grant

from .conftest import enroll
from .test_event_changes import REASON, make_event


def url(name, event):
    return reverse(f"certification:{name}", args=[event.pk])


def form_data(**overrides):
    data = {
        "title": "Spring training",
        "start_date": "2031-10-04",
        "start_time": "09:00",
        "end_date": "2031-10-04",
        "end_time": "16:30",
        "format": "in_person",
        "location": "Columbus Metropolitan Library",
        "capacity": "20",
    }
    data.update(overrides)
    return data


@pytest.fixture
def event(tree, program, ohio_trainer):
    return make_event(ohio_trainer, program, tree["ohio"])


def place(event, trainer, program, affiliate, name="Tina Walker"):
    return event_add_attendee(
        actor=trainer,
        event=event,
        enrollment=enroll(UserFactory(full_name=name), program, affiliate),
    )


def test_the_edit_form_is_filled_in_and_a_new_time_reaches_the_attendees(
    client, tree, program, event, ohio_trainer, django_capture_on_commit_callbacks
):
    place(event, ohio_trainer, program, tree["cleveland"])
    client.force_login(ohio_trainer)
    page = client.get(url("event_edit", event)).content.decode()
    assert 'value="Spring training"' in page
    assert 'name="program"' not in page  # the program of an event stays
    assert "everyone placed on it is emailed" in page

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("event_edit", event), form_data(), follow=True)
    assert response.redirect_chain[-1][0] == url("event_detail", event)
    assert "Saved. The 1 person placed on it is emailed the new details." in (
        response.content.decode()
    )
    assert [m.subject for m in mail.outbox] == ["[Trellis] Changed: Spring training"]
    event.refresh_from_db()
    assert (event.starts_at.year, event.sequence) == (2031, 1)


def test_a_change_of_places_only_says_nobody_was_emailed(
    client, tree, program, event, ohio_trainer
):
    client.force_login(ohio_trainer)
    response = client.get(url("event_edit", event))
    initial = response.context["form"].initial
    data = form_data(
        start_date=initial["start_date"].isoformat(),
        start_time=initial["start_time"].strftime("%H:%M"),
        end_date=initial["end_date"].isoformat(),
        end_time=initial["end_time"].strftime("%H:%M"),
        capacity="25",
    )
    response = client.post(url("event_edit", event), data, follow=True)
    assert "No one was emailed: the time, place and format did not change." in (
        response.content.decode()
    )
    event.refresh_from_db()
    assert (event.capacity, event.sequence) == (25, 0)


def test_service_refusals_show_at_the_field(client, tree, program, event, ohio_trainer):
    place(event, ohio_trainer, program, tree["cleveland"], "Tina Walker")
    place(event, ohio_trainer, program, tree["cleveland"], "Marcus Lee")
    client.force_login(ohio_trainer)
    response = client.post(url("event_edit", event), form_data(capacity="1"))
    assert response.status_code == 400
    assert response.context["form"].errors["capacity"] == [
        "2 people already have a place. Keep at least 2 places."
    ]
    assert 'id="id_capacity_error"' in response.content.decode()


def test_cancelling_restates_the_effect_then_keeps_the_event_as_cancelled(
    client, tree, program, event, ohio_trainer, django_capture_on_commit_callbacks
):
    place(event, ohio_trainer, program, tree["cleveland"], "Tina Walker")
    place(event, ohio_trainer, program, tree["columbus"], "Marcus Lee")
    waiting = enroll(UserFactory(full_name="Wendy Waiting"), program, tree["cleveland"])
    client.force_login(ohio_trainer)
    starts = timezone.localtime(event.starts_at)  # the page speaks the site's time zone
    day = f"{starts:%A}, {starts:%B} {starts.day}, {starts.year}"

    page = client.get(url("event_cancel", event)).content.decode()
    assert (
        f"The training on {day} will be cancelled; the 2 people placed on it will be emailed."
        in page
    )
    response = client.post(url("event_cancel", event), {"reason": ""})
    assert response.status_code == 400
    assert "Say why the training is cancelled." in response.content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("event_cancel", event), {"reason": REASON}, follow=True)
    page = response.content.decode()
    assert "The training is cancelled. 2 people are emailed the reason." in page
    assert len(mail.outbox) == 2
    assert "Cancelled on" in page and "by Tomas Alvarez" in page and REASON in page
    # The roster is kept; nothing on the page changes the event any more.
    assert "Tina Walker" in page and "Marcus Lee" in page
    for gone in ("Change the training", "Cancel the training", "Add a trainee", "Attended"):
        assert gone not in page
    assert "Wendy Waiting" not in page
    add = client.post(url("event_add_attendee", event), {"enrollment": waiting.pk})
    assert add.status_code == 400
    assert not EventAttendance.objects.filter(enrollment=waiting).exists()

    # Changing or cancelling it again leads back to its page with a message.
    response = client.get(url("event_edit", event), follow=True)
    assert "This training is cancelled. It cannot be changed." in response.content.decode()
    response = client.post(url("event_cancel", event), {"reason": "Again"}, follow=True)
    assert "This training is already cancelled." in response.content.decode()
    assert HistoryEntry.objects.filter(action=HistoryAction.EVENT_CANCELLED).count() == 1

    listing = client.get(reverse("certification:event_list")).content.decode()
    assert "Cancelled" in listing and REASON in listing
    assert "2 people were placed on it" in listing


def test_a_past_training_offers_no_place(client, tree, program, ohio_trainer):
    past = make_event(ohio_trainer, program, tree["ohio"], days=-3)
    enroll(UserFactory(full_name="Wendy Waiting"), program, tree["cleveland"])
    client.force_login(ohio_trainer)
    page = client.get(url("event_detail", past)).content.decode()
    assert "This training has ended, so it takes no more trainees." in page
    assert "Wendy Waiting" not in page


def test_other_states_and_coordinators_cannot_change_or_cancel(
    client, tree, event, cleveland_coordinator
):
    texas_trainer = UserFactory()
    grant(texas_trainer, tree["texas"], Role.STATE_TRAINER)
    for person in (texas_trainer, cleveland_coordinator):
        client.force_login(person)
        for name in ("event_edit", "event_cancel"):
            assert client.get(url(name, event)).status_code == 404
        assert client.post(url("event_cancel", event), {"reason": REASON}).status_code == 404
    event.refresh_from_db()
    assert not event.is_cancelled


@pytest.mark.parametrize("name", ["event_edit", "event_cancel", "event_detail"])
def test_the_pages_cost_the_same_with_more_trainers_and_attendees(
    client, tree, program, ohio_trainer, name, django_assert_max_num_queries
):
    small = make_event(ohio_trainer, program, tree["ohio"], capacity=30, title="Small")
    large = make_event(ohio_trainer, program, tree["ohio"], capacity=30, title="Large")
    place(small, ohio_trainer, program, tree["cleveland"])
    for i in range(12):
        place(large, ohio_trainer, program, tree["cleveland" if i % 2 else "columbus"], f"P{i}")
    for i in range(4):
        grant(UserFactory(full_name=f"Trainer {i}"), tree["ohio"], Role.STATE_TRAINER)
    if name == "event_detail":
        for event in (small, large):
            event_cancel(actor=ohio_trainer, event=event, reason=REASON)
    client.force_login(ohio_trainer)

    with CaptureQueriesContext(connection) as few:
        assert client.get(url(name, small)).status_code == 200
    with django_assert_max_num_queries(len(few)):
        assert client.get(url(name, large)).status_code == 200
    assert len(few) <= 14


def test_the_list_with_cancelled_events_costs_the_same(
    client, tree, program, ohio_trainer, django_assert_max_num_queries
):
    event_cancel(
        actor=ohio_trainer, event=make_event(ohio_trainer, program, tree["ohio"]), reason=REASON
    )
    client.force_login(ohio_trainer)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("certification:event_list"))
    for days in range(-3, 4):
        event = make_event(ohio_trainer, program, tree["ohio"], days=days * 5 + 1)
        event_cancel(actor=ohio_trainer, event=event, reason=REASON)
    with django_assert_max_num_queries(len(few)):
        assert client.get(reverse("certification:event_list")).status_code == 200
