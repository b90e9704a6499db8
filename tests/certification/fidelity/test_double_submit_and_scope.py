"""A concern form sent twice files one concern; a query string naming an affiliate outside
the person's tree is a 404, as that affiliate's pages are.

Each time a report form is shown it carries a new signed submission token; the token becomes
the report's status token, which the database keeps unique, so the same form sent again (a
double click, a page sent again after a slow answer, two requests at once) returns the report
already filed.
"""

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from certification.forms.fidelity.concerns import new_submission_token, read_submission_token
from certification.models import Concern, ConcernEvent
from certification.services.fidelity.concern_reports import concern_report
from tests.certification.conftest import postgresql_only

REPORT = {
    "category": "boundaries",
    "what_happened": "Gave a member his home address.",
    "happened_on": "2025-01-10",
    "setting": "one_to_one",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def shown_token(response):
    return response.context["form"]["submission_token"].value()


# --- the token -----------------------------------------------------------------------------


def test_a_token_is_made_here_and_cannot_be_chosen():
    token = new_submission_token()
    assert read_submission_token(token) is not None
    assert read_submission_token(new_submission_token()) != read_submission_token(token)
    assert read_submission_token("5b4e1f52-0f9c-4c59-a8c4-6ad2d7f5a0b1") is None
    assert read_submission_token(token + "x") is None
    assert read_submission_token("") is None


# --- signed in -----------------------------------------------------------------------------


def test_the_signed_in_form_sent_twice_files_one_concern(
    client, certification, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(outsider)
    url = reverse("certification:concern_new") + f"?certificate={certification.number}"
    form_page = client.get(url)
    token = shown_token(form_page)
    assert f'name="submission_token" value="{token}"' in form_page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {**REPORT, "submission_token": token})
    sent = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url, {**REPORT, "submission_token": token})

    concern = Concern.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert str(concern.status_token) in second["Location"]
    assert ConcernEvent.objects.filter(concern=concern).count() == 1
    assert len(mailoutbox) == sent  # nobody is told twice


def test_each_showing_of_the_form_is_a_new_report(client, certification, outsider):
    client.force_login(outsider)
    url = reverse("certification:concern_new") + f"?certificate={certification.number}"
    for _ in range(2):
        token = shown_token(client.get(url))
        assert client.post(url, {**REPORT, "submission_token": token}).status_code == 302
    assert Concern.objects.count() == 2
    assert Concern.objects.values("status_token").distinct().count() == 2


def test_a_form_with_errors_keeps_its_token_and_then_files_once(client, certification, outsider):
    client.force_login(outsider)
    url = reverse("certification:concern_new") + f"?certificate={certification.number}"
    token = shown_token(client.get(url))
    refused = client.post(url, {**REPORT, "what_happened": "", "submission_token": token})
    assert refused.status_code == 400
    assert shown_token(refused) == token
    for _ in range(2):
        client.post(url, {**REPORT, "submission_token": token})
    assert Concern.objects.count() == 1


def test_the_described_form_sent_twice_files_one_concern(client, program, cleveland, outsider):
    client.force_login(outsider)
    url = reverse("certification:concern_new") + "?describe=1"
    token = shown_token(client.get(url))
    data = {
        **REPORT,
        "subject_name": "Felix M.",
        "program": program.pk,
        "affiliate": cleveland.pk,
        "submission_token": token,
    }
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Concern.objects.count() == 1


def test_a_missing_or_forged_token_still_files_the_report(client, certification, outsider):
    client.force_login(outsider)
    url = reverse("certification:concern_new") + f"?certificate={certification.number}"
    assert client.post(url, REPORT).status_code == 302
    assert client.post(url, {**REPORT, "submission_token": "forged"}).status_code == 302
    assert Concern.objects.count() == 2


def test_someone_else_sending_a_used_token_files_nothing_and_sees_nothing(
    client, certification, outsider, cleveland_coordinator
):
    client.force_login(outsider)
    url = reverse("certification:concern_new") + f"?certificate={certification.number}"
    token = shown_token(client.get(url))
    client.post(url, {**REPORT, "submission_token": token})
    client.force_login(cleveland_coordinator)
    response = client.post(url, {**REPORT, "submission_token": token})
    assert response.status_code == 400
    assert "already sent" in response.content.decode()
    assert Concern.objects.count() == 1


# --- without an account --------------------------------------------------------------------


def test_the_public_form_sent_twice_files_one_concern(client, certification):
    url = reverse("certification:concern_report_public")
    token = shown_token(client.get(url))
    data = {
        **REPORT,
        "knows_number": "yes",
        "number": certification.number,
        "reporter_email": "member@example.org",
        "submission_token": token,
    }
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Concern.objects.count() == 1
    assert Concern.objects.get().reporter is None


# --- two requests at once ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@postgresql_only
def test_the_same_form_sent_twice_at_once_files_one_concern(certification, outsider):
    token = read_submission_token(new_submission_token())
    barrier = threading.Barrier(2)
    results, errors = [], []

    def send():
        try:
            barrier.wait()
            concern = concern_report(
                actor=outsider,
                certification=certification,
                category="boundaries",
                what_happened="Gave a member his home address.",
                happened_on=None,
                setting="group",
                submission_token=token,
            )
            results.append(concern.pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(results)) == 1
    assert Concern.objects.count() == 1


# --- query strings naming an affiliate -----------------------------------------------------


def observation_new(affiliate_slug, program):
    url = reverse("certification:observation_new")
    return f"{url}?affiliate={affiliate_slug}&program={program.pk}"


def test_recording_at_an_affiliate_outside_ones_tree_is_a_404(
    client, program, cleveland, austin, ohio_trainer, certification
):
    client.force_login(ohio_trainer)
    assert client.get(observation_new(cleveland.slug, program)).status_code == 200
    assert client.get(observation_new(austin.slug, program)).status_code == 404
    assert client.get(observation_new("nowhere", program)).status_code == 404
    url = reverse("certification:observation_new")
    assert client.get(url, {"affiliate": austin.slug}).status_code == 404
    wrong_program = client.get(
        url, {"affiliate": cleveland.slug, "program": "99999999999999999999999"}
    )
    assert wrong_program.status_code == 200
    assert "Select a valid choice" in wrong_program.content.decode()
    assert client.post(observation_new(austin.slug, program), {}).status_code == 404


def test_filtering_observations_by_an_affiliate_outside_ones_tree_is_a_404(
    client, program, cleveland, austin, ohio_trainer
):
    client.force_login(ohio_trainer)
    url = reverse("certification:observation_list")
    assert client.get(url, {"affiliate": cleveland.slug}).status_code == 200
    assert client.get(url, {"affiliate": austin.slug}).status_code == 404


def test_concerns_of_an_affiliate_outside_ones_tree_are_a_404_that_names_nothing(
    client, certification, austin, texas, ohio, ohio_trainer
):
    client.force_login(ohio_trainer)
    url = reverse("certification:concern_list")
    assert client.get(url, {"affiliate": ohio.slug}).status_code == 200
    for slug in (austin.slug, texas.slug, "nowhere"):
        response = client.get(url, {"affiliate": slug})
        assert response.status_code == 404
        assert austin.name not in response.content.decode()
        assert client.get(url, {"affiliate": slug, "format": "csv"}).status_code == 404
