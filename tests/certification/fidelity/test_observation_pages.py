"""Observation pages: the list with its roll-ups, the record form, the detail page, who sees
what, and query budgets that do not grow with the data."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certification.models import FidelityObservation, ImprovementPlan, SessionKind
from certification.services.fidelity.observations import checklist_for
from tests.certification.conftest import issue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/fidelity/observations/"


def new_url(affiliate=None, program=None):
    url = reverse("certification:observation_new")
    if affiliate is not None:
        url += f"?affiliate={affiliate.slug}&program={program.pk}"
    return url


def form_data(program, facilitators, *, low=None, **extra):
    items = checklist_for(program)
    data = {
        "observed_on": timezone.localdate().isoformat(),
        "session_kind": SessionKind.GROUP,
        "facilitators": [person.pk for person in facilitators],
        "notes": "Good welcome.",
        "plan_actions": "",
        "plan_due_on": "",
        **{f"score_{item.pk}": "4" for item in items},
    }
    if low is not None:
        data[f"score_{items[0].pk}"] = str(low)
    data.update(extra)
    return data


def observe(affiliate, program, observer, people, average="4.00", days_ago=0, below=0):
    observation = FidelityObservation.objects.create(
        program=program,
        affiliate=affiliate,
        observer=observer,
        observed_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        session_kind=SessionKind.CLASS,
        scores=[{"item": "Keeps boundaries", "threshold": 3, "score": 2 if below else 4}],
        average_score=Decimal(average),
        items_below_threshold=below,
    )
    observation.facilitators.set(people)
    return observation


def test_urls_are_named():
    assert reverse("certification:observation_list") == LIST
    assert reverse("certification:observation_new") == "/fidelity/observations/new/"
    assert reverse("certification:observation_detail", args=[7]) == "/fidelity/observations/7/"
    assert reverse("certification:plan_list") == "/fidelity/plans/"
    assert reverse("certification:plan_detail", args=[7]) == "/fidelity/plans/7/"


def test_sign_in_is_needed(client):
    for url in (LIST, new_url(), "/fidelity/plans/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


# --- recording -----------------------------------------------------------------------------


def test_the_form_asks_first_where_and_which_program(
    client, program, cleveland, dayton, ohio_trainer
):
    client.force_login(ohio_trainer)
    response = client.get(new_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="affiliate"' in page and 'name="program"' in page
    assert "Dayton Peer Support" in page and "Cleveland Peer Support" in page
    assert "Austin Peer Support" not in page
    assert 'name="observed_on"' not in page


def test_a_coordinator_of_one_affiliate_goes_straight_to_the_checklist(
    client, program, cleveland, certification, facilitator, cleveland_coordinator
):
    client.force_login(cleveland_coordinator)
    page = client.get(new_url()).content.decode()
    assert 'name="observed_on"' in page
    assert "Frank Hollis" in page
    # One fieldset with a legend per checklist item, its threshold in words.
    assert page.count("(fine at 3 or more)") == len(checklist_for(program))
    assert page.count("<legend>") >= len(checklist_for(program)) + 2


def test_people_without_an_observer_role_are_refused(client, program, facilitator, outsider):
    for person in (facilitator, outsider):
        client.force_login(person)
        assert client.get(new_url()).status_code == 403


def test_another_affiliate_is_not_offered(
    client, program, cleveland, dayton_coordinator, certification
):
    client.force_login(dayton_coordinator)
    assert client.get(new_url(cleveland, program)).status_code == 404


def test_facilitators_offered_are_certified_here_and_not_the_observer(
    client, program, cleveland, dayton, certification, facilitator, ohio_trainer
):
    issue(ohio_trainer, program, cleveland)
    elsewhere = UserFactory(full_name="Dora Klein")
    issue(elsewhere, program, dayton)
    client.force_login(ohio_trainer)
    page = client.get(new_url(cleveland, program)).content.decode()
    assert "Frank Hollis" in page
    assert "Dora Klein" not in page
    assert "Tomas Alvarez" not in page


def test_recording_with_all_items_fine(
    client, program, cleveland, certification, facilitator, cleveland_coordinator
):
    client.force_login(cleveland_coordinator)
    response = client.post(new_url(cleveland, program), form_data(program, [facilitator]))
    observation = FidelityObservation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "certification:observation_detail", args=[observation.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "Observation recorded." in page
    assert "4.00 of 5" in page
    assert "All items at or above threshold" in page
    assert not ImprovementPlan.objects.exists()


def test_an_item_under_threshold_asks_for_a_plan_then_sets_it(
    client,
    program,
    cleveland,
    certification,
    facilitator,
    cleveland_coordinator,
    django_capture_on_commit_callbacks,
):
    client.force_login(cleveland_coordinator)
    url = new_url(cleveland, program)
    response = client.post(url, form_data(program, [facilitator], low=2))
    assert response.status_code == 200
    page = response.content.decode()
    assert "One item is under its threshold (Follows the session plan)" in page
    assert 'id="id_plan_actions_error"' in page
    assert not FidelityObservation.objects.exists()

    due = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            form_data(
                program, [facilitator], low=2, plan_actions="Shadow a mentor.", plan_due_on=due
            ),
        )
    assert response.status_code == 302
    plan = ImprovementPlan.objects.get()
    assert plan.facilitator == facilitator
    page = client.get(response["Location"]).content.decode()
    assert "The facilitator has an improvement plan." in page
    assert "1 item under threshold" in page
    assert "Under threshold" in page
    assert reverse("certification:plan_detail", args=[plan.pk]) in page
    assert [m.to for m in mail.outbox] == [[facilitator.email]]


def test_a_missing_score_shows_at_its_item(
    client, program, cleveland, certification, facilitator, cleveland_coordinator
):
    client.force_login(cleveland_coordinator)
    data = form_data(program, [facilitator])
    item = checklist_for(program)[2]
    data.pop(f"score_{item.pk}")
    response = client.post(new_url(cleveland, program), data)
    page = response.content.decode()
    assert f'id="id_score_{item.pk}_error"' in page
    assert "Score this item from 1 to 5." in page


def test_a_future_date_is_refused(
    client, program, cleveland, certification, facilitator, cleveland_coordinator
):
    client.force_login(cleveland_coordinator)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        new_url(cleveland, program), form_data(program, [facilitator], observed_on=tomorrow)
    )
    assert "cannot be in the future" in response.content.decode()
    assert not FidelityObservation.objects.exists()


# --- seeing observations -------------------------------------------------------------------


@pytest.fixture
def observed(program, cleveland, dayton, certification, facilitator, cleveland_coordinator):
    """Frank observed at Cleveland; Dora observed at Dayton."""
    dora = UserFactory(full_name="Dora Klein")
    issue(dora, program, dayton)
    return {
        "cleveland": observe(cleveland, program, cleveland_coordinator, [facilitator], "3.50"),
        "dayton": observe(dayton, program, cleveland_coordinator, [dora], "2.00", below=1),
    }


@pytest.mark.parametrize(
    ("viewer", "sees_cleveland", "sees_dayton"),
    [
        ("cleveland_coordinator", True, False),
        ("dayton_coordinator", False, True),
        ("ohio_trainer", True, True),
        ("texas_trainer", False, False),
        ("national_staff", True, True),
        ("facilitator", True, False),
        ("outsider", False, False),
    ],
)
def test_who_sees_which_observation(viewer, sees_cleveland, sees_dayton, request, client, observed):
    client.force_login(request.getfixturevalue(viewer))
    for key, expected in (("cleveland", sees_cleveland), ("dayton", sees_dayton)):
        url = reverse("certification:observation_detail", args=[observed[key].pk])
        assert client.get(url).status_code == (200 if expected else 404)
    page = client.get(LIST).content.decode()
    assert (
        reverse("certification:observation_detail", args=[observed["cleveland"].pk]) in page
    ) == sees_cleveland
    assert (
        reverse("certification:observation_detail", args=[observed["dayton"].pk]) in page
    ) == sees_dayton


def test_the_list_says_items_under_threshold_in_words(client, observed, ohio_trainer):
    client.force_login(ohio_trainer)
    page = client.get(LIST).content.decode()
    assert "1 item under threshold" in page
    assert "All items at or above threshold" in page


def test_the_list_shows_roll_ups_per_facilitator_and_affiliate(
    client, program, cleveland, facilitator, observed, ohio_trainer, cleveland_coordinator
):
    observe(cleveland, program, cleveland_coordinator, [facilitator], "4.50", days_ago=40)
    client.force_login(ohio_trainer)
    response = client.get(LIST)
    people = {person.full_name: rollup for person, rollup in response.context["people_summary"]}
    assert people["Frank Hollis"] == {
        "latest": Decimal("3.50"),
        "average": Decimal("4.00"),
        "count": 2,
    }
    places = {place.name: rollup for place, rollup in response.context["affiliate_summary"]}
    assert places["Dayton Peer Support"]["count"] == 1
    assert places["Cleveland Peer Support"]["average"] == Decimal("4.00")
    page = response.content.decode()
    assert "By facilitator" in page and "By affiliate" in page


def test_a_coordinators_roll_up_leaves_out_what_they_cannot_see(
    client, program, dayton, facilitator, observed, dayton_coordinator, cleveland_coordinator
):
    observe(dayton, program, dayton_coordinator, [facilitator], "1.00")
    client.force_login(cleveland_coordinator)
    response = client.get(LIST)
    people = {p.full_name: rollup for p, rollup in response.context["people_summary"]}
    assert people == {
        "Frank Hollis": {"latest": Decimal("3.50"), "average": Decimal("3.50"), "count": 1}
    }


def test_filter_by_affiliate_and_program(client, observed, dayton, program, ohio_trainer):
    client.force_login(ohio_trainer)
    response = client.get(LIST, {"affiliate": dayton.slug, "program": program.pk})
    shown = [observation.pk for observation in response.context["page"].object_list]
    assert shown == [observed["dayton"].pk]
    assert [place.name for place, _ in response.context["affiliate_summary"]] == [
        "Dayton Peer Support"
    ]


def test_the_list_is_paginated(client, program, cleveland, facilitator, cleveland_coordinator):
    for day in range(30):
        observe(cleveland, program, cleveland_coordinator, [facilitator], days_ago=day)
    client.force_login(cleveland_coordinator)
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == 25
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(LIST, {"page": 2})
    assert len(second.context["page"].object_list) == 5


def test_an_empty_list_says_what_to_do_next(client, program, cleveland, cleveland_coordinator):
    client.force_login(cleveland_coordinator)
    assert "Record an observation" in client.get(LIST).content.decode()


def test_the_facilitator_sees_their_observation_and_plan(
    client, program, cleveland, facilitator, cleveland_coordinator
):
    observation = observe(cleveland, program, cleveland_coordinator, [facilitator], below=1)
    plan = ImprovementPlan.objects.create(
        facilitator=facilitator,
        affiliate=cleveland,
        observation=observation,
        actions="Shadow a mentor.",
        due_on=timezone.localdate() + datetime.timedelta(days=20),
        created_by=cleveland_coordinator,
    )
    client.force_login(facilitator)
    page = client.get(reverse("certification:observation_detail", args=[observation.pk]))
    assert "Your improvement plan" in page.content.decode()
    assert reverse("certification:plan_detail", args=[plan.pk]) in page.content.decode()


# --- query budgets -------------------------------------------------------------------------


def test_the_list_costs_the_same_with_more_observations(
    client, program, cleveland, dayton, facilitator, cleveland_coordinator, ohio_trainer
):
    observe(cleveland, program, cleveland_coordinator, [facilitator])
    client.force_login(ohio_trainer)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    for n in range(12):
        people = [UserFactory(), UserFactory()]
        observe(dayton if n % 2 else cleveland, program, cleveland_coordinator, people, days_ago=n)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 13
    assert len(many) == len(few)
    assert len(few) <= 20


def test_the_detail_page_has_a_fixed_budget(
    client, program, cleveland, facilitator, cleveland_coordinator, django_assert_max_num_queries
):
    small = observe(cleveland, program, cleveland_coordinator, [facilitator])
    large = observe(
        cleveland, program, cleveland_coordinator, [facilitator, *[UserFactory() for _ in range(5)]]
    )
    client.force_login(cleveland_coordinator)
    with CaptureQueriesContext(connection) as counted:
        client.get(reverse("certification:observation_detail", args=[small.pk]))
    with django_assert_max_num_queries(len(counted)):
        client.get(reverse("certification:observation_detail", args=[large.pk]))
    assert len(counted) <= 12


def test_the_form_costs_the_same_with_a_longer_checklist(
    client, program, cleveland, certification, facilitator, cleveland_coordinator
):
    client.force_login(cleveland_coordinator)
    url = new_url(cleveland, program)
    checklist_for(program)
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    from certification.models import ObservationChecklistItem

    for n in range(5):
        ObservationChecklistItem.objects.create(
            program=program, name=f"Extra {n}", sort_order=20 + n
        )
        issue(UserFactory(), program, cleveland)
    with CaptureQueriesContext(connection) as long:
        page = client.get(url).content.decode()
    assert page.count("(fine at 3 or more)") == 11
    assert len(long) == len(short)
