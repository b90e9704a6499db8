"""Pages for a concern reported without a certificate number: the public form's two ways, the
signed-in "describe the facilitator" path, the status lookup by reference and email, and the
reviewers' pages before and after the concern is linked (with query budgets)."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from certification.forms.fidelity.concern_reports import normalize_reference
from certification.models import Concern, ConcernAction
from certification.services.fidelity import concerns as svc
from certification.services.fidelity.concern_links import concern_link
from certification.views.fidelity.reports import LOOKUP_LIMIT
from tests.certification.conftest import issue
from tests.factories import UserFactory, make_affiliate, make_state

REPORT = reverse("certification:concern_report_public")
LOOKUP = reverse("certification:concern_status_lookup")
NO_MATCH = "We could not find a report with that reference and email."


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def what(**overrides):
    data = {
        "category": "medical_advice",
        "what_happened": "Told a member which pill to take.",
        "happened_on": "2025-01-10",
        "setting": "group",
    }
    data.update(overrides)
    return data


def described(program_, affiliate_, **overrides):
    data = {
        "knows_number": "no",
        "subject_name": "Frank H.",
        "program": str(program_.pk),
        "affiliate": str(affiliate_.pk),
        "subject_place": "Tuesday group at the library",
        **what(),
    }
    data.update(overrides)
    return data


def unlinked_concern(program_, affiliate_, **overrides):
    fields = {
        "actor": None,
        "subject_name": "Frank H.",
        "program": program_,
        "affiliate": affiliate_,
        "subject_place": "Tuesday group",
        "category": "boundaries",
        "what_happened": "Met a member alone.",
        "happened_on": None,
        "setting": "group",
        "reporter_email": "Pat@Example.org",
    }
    fields.update(overrides)
    return svc.concern_report(**fields)


def detail_url(concern):
    return reverse("certification:concern_detail", args=[concern.reference])


# --- the public form -----------------------------------------------------------------------


def test_public_form_offers_both_ways_and_affiliates_by_state(client, program, cleveland, tree):
    closed = make_affiliate("OH-OLD", tree["ohio"], "Closed Peer Group")
    closed.is_active = False
    closed.save(update_fields=["is_active"])
    body = client.get(REPORT).content.decode()
    assert "Do you know the certificate number?" in body
    assert 'name="number"' in body and 'name="subject_name"' in body
    assert '<optgroup label="Peer Support Ohio">' in body
    assert '<optgroup label="Peer Support Texas">' in body
    assert "Cleveland Peer Support" in body and "Closed Peer Group" not in body
    assert f'<option value="{program.pk}">Peer Mentor</option>' in body
    assert 'href="/report/status/"' in body  # the lookup, for those who reported before


def test_public_report_without_a_number(
    client,
    program,
    cleveland,
    cleveland_coordinator,
    ohio_trainer,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            REPORT, described(program, cleveland, reporter_email="pat@example.org")
        )
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.certification is None and concern.subject_name == "Frank H."
    assert concern.affiliate == cleveland and concern.program.pk == program.pk
    assert concern.subject_place == "Tuesday group at the library"
    page = client.get(response["Location"]).content.decode()
    assert concern.reference in page and "Status: Received" in page
    assert "Certificate number" not in page
    assert 'href="/report/status/"' in page
    reviewers = [m for m in mail.outbox if ohio_trainer.email in m.to]
    assert len(reviewers) == 1 and cleveland_coordinator.email in reviewers[0].to


def test_number_way_ignores_the_description_fields(client, certification, program, cleveland):
    response = client.post(
        REPORT,
        described(
            program, cleveland, knows_number="yes", number=certification.number, affiliate="x"
        ),
    )
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.certification == certification and concern.subject_name == ""


def test_unanswered_question_goes_by_what_was_filled_in(client, program, cleveland):
    response = client.post(REPORT, described(program, cleveland, knows_number=""))
    assert response.status_code == 302
    assert Concern.objects.get().subject_name == "Frank H."


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"knows_number": "no"},
            [
                "Give the facilitator&#x27;s name, as you know it.",
                "Choose the program the facilitator leads.",
                "Choose the local affiliate that runs the group or class.",
            ],
        ),
        ({"knows_number": "yes"}, ["Enter the certificate number."]),
        ({}, ["Tell us whether you know the certificate number, then fill in that part."]),
        (
            {"knows_number": "no", "subject_name": "Frank", "program": "999999", "affiliate": "0"},
            ["Choose a program from the list.", "Choose an affiliate from the list."],
        ),
    ],
)
def test_public_form_errors_are_tied_to_their_fields(client, program, cleveland, data, errors):
    response = client.post(REPORT, {**what(), **data})
    assert response.status_code == 400
    body = response.content.decode()
    for error in errors:
        assert error in body
    assert "field--error" in body
    assert not Concern.objects.exists()


def test_public_form_refuses_a_state_as_affiliate(client, program, tree):
    response = client.post(REPORT, described(program, tree["ohio"]))
    assert response.status_code == 400
    assert "Choose an affiliate from the list." in response.content.decode()
    assert not Concern.objects.exists()


@pytest.mark.parametrize("states", [1, 6])
def test_public_form_query_budget(client, program, tree, django_assert_max_num_queries, states):
    for index in range(states):
        state = make_state(f"S{index}", f"State {index}", tree["national"])
        for number in range(3):
            make_affiliate(f"S{index}-{number}", state, f"Affiliate {index}-{number}")
    # Session, the programs and the organizations (one query for the grouped list).
    with django_assert_max_num_queries(4):
        assert client.get(REPORT).status_code == 200


# --- signed in, describing the facilitator -------------------------------------------------


def test_signed_in_reporter_may_describe_the_facilitator(client, outsider, program, cleveland):
    client.force_login(outsider)
    find = client.get(reverse("certification:concern_new")).content.decode()
    assert "?describe=1" in find
    url = reverse("certification:concern_new") + "?describe=1"
    assert client.get(url).status_code == 200
    bad = client.post(url, {**what(), "subject_name": ""})
    assert bad.status_code == 400 and not Concern.objects.exists()
    response = client.post(url, described(program, cleveland))
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.reporter == outsider and not concern.is_linked


# --- the status lookup ---------------------------------------------------------------------


def test_normalize_reference():
    assert normalize_reference(" fc-7kq2 m9tx ") == "FC-7KQ2M9TX"
    assert normalize_reference("7KQ2M9TX") == "FC-7KQ2M9TX"
    assert normalize_reference("FC-7KQ2M9T") is None
    assert normalize_reference("FC-OOOOOOOO") is None  # O is not in the alphabet


def test_lookup_by_reference_and_email_shows_the_status_page(client, program, cleveland):
    concern = unlinked_concern(program, cleveland)
    assert client.get(LOOKUP).status_code == 200
    reference = concern.reference.lower().replace("-", " ")
    response = client.post(LOOKUP, {"reference": reference, "email": "PAT@example.ORG"})
    assert response.status_code == 302
    assert response["Location"] == f"/report/status/{concern.status_token}/"
    page = client.get(response["Location"]).content.decode()
    assert "Status: Received" in page and "Frank H." not in page


def test_lookup_works_for_a_signed_in_reporters_account_email(client, program, cleveland, outsider):
    concern = unlinked_concern(program, cleveland, actor=outsider, reporter_email="")
    response = client.post(LOOKUP, {"reference": concern.reference, "email": outsider.email})
    assert response.status_code == 302


def test_lookup_mismatch_does_not_say_which_half_was_wrong(client, program, cleveland):
    concern = unlinked_concern(program, cleveland)
    other = unlinked_concern(program, cleveland, reporter_email="someone@example.org")
    wrong_email = client.post(LOOKUP, {"reference": concern.reference, "email": "x@example.org"})
    wrong_reference = client.post(
        LOOKUP, {"reference": other.reference, "email": "pat@example.org"}
    )
    unknown = client.post(LOOKUP, {"reference": "FC-22222222", "email": "pat@example.org"})
    for response in (wrong_email, wrong_reference, unknown):
        assert response.status_code == 400
        body = response.content.decode()
        assert NO_MATCH in body
        assert str(concern.status_token) not in body and str(other.status_token) not in body
        assert "field--error" not in body  # neither field is singled out


def test_lookup_field_errors(client, db):
    response = client.post(LOOKUP, {"reference": "hello", "email": "nope"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "A reference looks like FC-7KQ2M9TX." in body
    assert "Enter an email address" in body


def test_lookup_is_rate_limited(client, program, cleveland):
    concern = unlinked_concern(program, cleveland)
    for _ in range(LOOKUP_LIMIT.amount):
        client.post(LOOKUP, {"reference": "FC-22222222", "email": "pat@example.org"})
    response = client.post(LOOKUP, {"reference": concern.reference, "email": "pat@example.org"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_lookup_query_budget(client, program, cleveland, django_assert_max_num_queries):
    concern = unlinked_concern(program, cleveland)
    # Session and the one lookup (the rate limit lives in the cache).
    with django_assert_max_num_queries(2):
        response = client.post(LOOKUP, {"reference": concern.reference, "email": "pat@example.org"})
    assert response.status_code == 302


# --- the reviewers' pages ------------------------------------------------------------------


def test_list_and_csv_show_an_unlinked_concern_as_reported(
    client, program, cleveland, ohio_trainer
):
    unlinked_concern(program, cleveland)
    client.force_login(ohio_trainer)
    page = client.get(reverse("certification:concern_list")).content.decode()
    assert "Not linked yet: reported as Frank H., Tuesday group" in page
    csv = client.get(reverse("certification:concern_list"), {"format": "csv"}).content.decode()
    assert "Not linked yet: reported as Frank H., Tuesday group" in csv


def test_detail_offers_the_link_and_only_outcomes_without_a_certificate(
    client, program, cleveland, certification, ohio_trainer
):
    concern = unlinked_concern(program, cleveland, category="safety")
    svc.concern_triage(actor=ohio_trainer, concern=concern, severity="urgent", owner=ohio_trainer)
    svc.concern_review_start(actor=ohio_trainer, concern=concern)
    client.force_login(ohio_trainer)
    page = client.get(detail_url(concern))
    forms = page.context["forms"]
    assert "link" in forms and "suspend" not in forms
    outcomes = {value for value, _label in forms["resolve"].fields["outcome"].choices}
    assert outcomes == {"unfounded", "no_action"}
    assert "plan_actions" not in forms["resolve"].fields
    body = page.content.decode()
    assert "Not linked yet: reported as Frank H., Tuesday group" in body
    assert "Link to Frank Hollis's certificate" in body  # a candidate whose name matches
    # A suspension posted anyway is refused before any confirmation.
    refused = client.post(detail_url(concern), {"action": "suspend", "suspend-reason": "Risk."})
    assert refused.status_code == 302
    assert not concern.events.filter(action=ConcernAction.SUSPENDED).exists()


def test_an_unlinked_concern_is_resolved_through_its_page(client, program, cleveland, ohio_trainer):
    """Found by the form fuzzing tests (tests/property): the resolve form of a concern not
    linked to a certificate has no plan, suspension or case fields, and confirming it read
    them anyway: a 500 instead of the outcome."""
    concern = unlinked_concern(program, cleveland)
    svc.concern_triage(actor=ohio_trainer, concern=concern, severity="low", owner=ohio_trainer)
    svc.concern_review_start(actor=ohio_trainer, concern=concern)
    client.force_login(ohio_trainer)
    response = client.post(
        detail_url(concern),
        {
            "action": "resolve",
            "resolve-outcome": "unfounded",
            "resolve-summary": "No facilitator of that name leads a group here.",
            "confirmed": "yes",
        },
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert (concern.status, concern.outcome) == ("resolved", "unfounded")


def test_link_through_the_page(client, program, cleveland, certification, ohio_trainer):
    concern = unlinked_concern(program, cleveland)
    client.force_login(ohio_trainer)
    bad = client.post(detail_url(concern), {"action": "link", "link-number": "0000-0000-000"})
    assert bad.status_code == 400
    assert "could not find a current certificate" in bad.content.decode()
    response = client.post(
        detail_url(concern), {"action": "link", "link-number": certification.display_number.lower()}
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.certification == certification
    page = client.get(detail_url(concern))
    assert "link" not in page.context["forms"]
    body = page.content.decode()
    assert "Frank Hollis" in body and certification.display_number in body
    assert "Reported as" in body and "Linked to a certificate" in body
    # The reporter's status page still shows no certificate number.
    status = client.get(reverse("certification:concern_status_public", args=[concern.status_token]))
    assert certification.display_number not in status.content.decode()


def test_coordinator_may_not_link(client, program, cleveland, certification, cleveland_coordinator):
    concern = unlinked_concern(program, cleveland)
    client.force_login(cleveland_coordinator)
    assert "link" not in client.get(detail_url(concern)).context["forms"]
    response = client.post(
        detail_url(concern), {"action": "link", "link-number": certification.number}
    )
    assert response.status_code == 403
    concern.refresh_from_db()
    assert not concern.is_linked


@pytest.mark.parametrize("size", [1, 8])
def test_unlinked_detail_query_budget(
    client, program, cleveland, ohio_trainer, django_assert_max_num_queries, size
):
    concern = unlinked_concern(program, cleveland)
    for index in range(size):
        issue(UserFactory(full_name=f"Frank Number{index}"), program, cleveland)
        svc.concern_note_add(actor=ohio_trainer, concern=concern, text=f"note {index}")
    client.force_login(ohio_trainer)
    # As a linked concern's page, plus the candidate certificates; with the sensitive-read row
    # of opening it.
    with django_assert_max_num_queries(12):
        page = client.get(detail_url(concern))
    assert page.status_code == 200
    assert len(page.context["candidates"]) == size


def test_link_page_leaves_the_concern_in_the_reporters_words(
    client, program, cleveland, certification, ohio_trainer
):
    concern = unlinked_concern(program, cleveland)
    concern_link(actor=ohio_trainer, concern=concern, certification=certification)
    client.force_login(ohio_trainer)
    body = client.get(detail_url(concern)).content.decode()
    assert "Frank H., Tuesday group" in body
