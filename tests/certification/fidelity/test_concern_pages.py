"""Concern pages: reporting signed in and without an account, the reporter's status pages,
the reviewers' list and detail with their forms, file downloads, and query budgets."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from certification.models import (
    CertificationStatus,
    Concern,
    ConcernEvent,
    ConcernStatus,
    ImprovementPlan,
)
from certification.services.fidelity import concerns as svc
from certification.views.fidelity.reports import REPORT_LIMIT
from tests.certification.conftest import issue
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def make_concern(certification, **overrides):
    fields = {
        "actor": None,
        "certification": certification,
        "category": "boundaries",
        "what_happened": "Met a member alone after the group.",
        "happened_on": None,
        "setting": "group",
    }
    fields.update(overrides)
    return svc.concern_report(**fields)


def detail_url(concern):
    return reverse("certification:concern_detail", args=[concern.reference])


def report_data(**overrides):
    data = {
        "category": "boundaries",
        "what_happened": "Gave a member her home address.",
        "happened_on": "2025-01-10",
        "setting": "one_to_one",
    }
    data.update(overrides)
    return data


# --- reporting, signed in ------------------------------------------------------------------


def test_find_by_name_among_visible_certificates(client, certification, cleveland_coordinator):
    client.force_login(cleveland_coordinator)
    page = client.get(reverse("certification:concern_new"), {"name": "hollis"})
    assert page.status_code == 200
    assert "Frank Hollis" in page.content.decode()
    assert f"?certificate={certification.number}" in page.content.decode()


def test_find_by_name_does_not_reach_people_one_may_not_see(client, certification, outsider):
    client.force_login(outsider)
    page = client.get(reverse("certification:concern_new"), {"name": "hollis"})
    assert "Frank Hollis" not in page.content.decode()
    assert "No current certificate matches" in page.content.decode()


def test_find_by_number_reaches_any_live_certificate(client, certification, outsider):
    client.force_login(outsider)
    typed = certification.display_number.lower()
    page = client.get(reverse("certification:concern_new"), {"number": typed})
    assert "Frank Hollis" in page.content.decode()


def test_find_never_offers_ones_own_certificate(client, certification, facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("certification:concern_new"), {"number": certification.number})
    assert "Report a concern about" not in page.content.decode()
    response = client.get(
        reverse("certification:concern_new"), {"certificate": certification.number}
    )
    assert response.status_code == 302
    assert "yourself" in str(list(response.wsgi_request._messages)[0])


def test_find_with_a_malformed_number_says_so(client, outsider):
    client.force_login(outsider)
    page = client.get(reverse("certification:concern_new"), {"number": "12"})
    assert page.status_code == 400
    assert "could not find a current certificate" in page.content.decode()


def test_signed_in_report_then_confirmation(
    client, certification, outsider, django_capture_on_commit_callbacks
):
    client.force_login(outsider)
    url = reverse("certification:concern_new") + f"?certificate={certification.number}"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                **report_data(),
                "attachments": [SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")],
            },
        )
    concern = Concern.objects.get()
    assert concern.reporter == outsider and concern.attachments.count() == 1
    assert response.status_code == 302
    assert response["Location"].endswith(f"/report/status/{concern.status_token}/?sent=1")
    page = client.get(response["Location"]).content.decode()
    assert concern.reference in page and "Your report was sent" in page


def test_signed_in_report_bad_input_changes_nothing(client, certification, outsider):
    client.force_login(outsider)
    url = reverse("certification:concern_new") + f"?certificate={certification.number}"
    response = client.post(url, report_data(category="", what_happened=""))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose what the concern is about." in body
    assert "Tell us what happened, in your own words." in body
    bad_file = SimpleUploadedFile("x.png", b"MZ\x90\x00", content_type="image/png")
    response = client.post(url, {**report_data(), "attachments": [bad_file]})
    assert response.status_code == 400
    assert "is not a PDF, a photo (JPEG or PNG) or a plain text file" in response.content.decode()
    assert 'id="id_attachments_error"' in response.content.decode()
    assert not Concern.objects.exists()


def test_report_about_an_ended_certificate_is_refused(client, certification, outsider):
    certification.status = CertificationStatus.EXPIRED
    certification.save()
    client.force_login(outsider)
    response = client.get(
        reverse("certification:concern_new"), {"certificate": certification.number}
    )
    assert response.status_code == 302


# --- reporting without an account ----------------------------------------------------------


def test_public_report_with_attachment(client, certification, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certification:concern_report_public"),
            {
                **report_data(),
                "number": certification.display_number,
                "reporter_email": "pat@example.org",
                "reporter_is_confidential": "on",
                "attachments": [SimpleUploadedFile("a.pdf", PDF, content_type="text/html")],
            },
        )
    concern = Concern.objects.get()
    assert concern.reporter is None and concern.reporter_is_confidential
    assert concern.attachments.get().content_type == "application/pdf"
    page = client.get(response["Location"])
    body = page.content.decode()
    assert concern.reference in body
    assert f"http://testserver/report/status/{concern.status_token}/" in body
    assert "Status: Received" in body
    assert "Frank Hollis" not in body  # the name is not given back to a public reporter
    assert page["X-Robots-Tag"] == "noindex, nofollow"


def test_public_report_bad_number_changes_nothing(client, certification):
    response = client.post(
        reverse("certification:concern_report_public"), {**report_data(), "number": "0000-0000-000"}
    )
    assert response.status_code == 400
    assert "could not find a current certificate" in response.content.decode()
    assert not Concern.objects.exists()


def test_public_report_bad_email_changes_nothing(client, certification):
    response = client.post(
        reverse("certification:concern_report_public"),
        {**report_data(), "number": certification.number, "reporter_email": "not-an-email"},
    )
    assert response.status_code == 400
    assert "Enter an email address" in response.content.decode()
    assert not Concern.objects.exists()


def test_public_report_is_rate_limited(client, certification):
    url = reverse("certification:concern_report_public")
    for _ in range(REPORT_LIMIT.amount):
        client.post(url, {**report_data(), "number": certification.number})
    assert Concern.objects.count() == REPORT_LIMIT.amount
    response = client.post(url, {**report_data(), "number": certification.number})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Concern.objects.count() == REPORT_LIMIT.amount


def test_status_page_after_resolution_shows_only_resolved(client, certification, ohio_trainer):
    concern = make_concern(certification)
    svc.concern_triage(actor=ohio_trainer, concern=concern, severity="high", owner=ohio_trainer)
    svc.concern_review_start(actor=ohio_trainer, concern=concern)
    svc.concern_note_add(actor=ohio_trainer, concern=concern, text="Note-Zebra-19")
    svc.concern_resolve(
        actor=ohio_trainer,
        concern=concern,
        outcome="coaching",
        summary="Summary-Okapi-22",
        plan_actions="Plan-Lemur-31",
        plan_due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    body = client.get(
        reverse("certification:concern_status_public", args=[concern.status_token])
    ).content.decode()
    assert "Status: Resolved" in body
    for secret in ("Note-Zebra-19", "Summary-Okapi-22", "Plan-Lemur-31", "Tomas Alvarez"):
        assert secret not in body
    assert "Coaching" not in body and "Frank Hollis" not in body
    assert certification.display_number in body


def test_unknown_status_token_is_404(client, db):
    url = reverse(
        "certification:concern_status_public", args=["00000000-0000-4000-8000-000000000000"]
    )
    assert client.get(url).status_code == 404


def test_my_reports_needs_sign_in(client, db):
    response = client.get(reverse("certification:my_concern_reports"))
    assert response.status_code == 302


# --- the reviewers' list -------------------------------------------------------------------


def test_list_shows_open_first_then_oldest_first(
    client, certification, ohio_trainer, cleveland_coordinator
):
    first = make_concern(certification)
    resolved = make_concern(certification)
    svc.concern_triage(actor=ohio_trainer, concern=resolved, severity="low", owner=ohio_trainer)
    svc.concern_review_start(actor=ohio_trainer, concern=resolved)
    svc.concern_resolve(actor=ohio_trainer, concern=resolved, outcome="unfounded", summary="s")
    later = make_concern(certification)
    Concern.objects.filter(pk=resolved.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=60)
    )
    client.force_login(cleveland_coordinator)
    body = client.get(reverse("certification:concern_list")).content.decode()
    positions = [body.index(c.reference) for c in (first, later, resolved)]
    assert positions == sorted(positions)


def test_list_filters(client, certification, ohio_trainer):
    low = make_concern(certification, category="privacy")
    make_concern(certification, category="safety")
    svc.concern_triage(actor=ohio_trainer, concern=low, severity="low", owner=ohio_trainer)
    client.force_login(ohio_trainer)
    url = reverse("certification:concern_list")
    by_category = client.get(url, {"category": "privacy"}).context["page"].object_list
    assert [c.pk for c in by_category] == [low.pk]
    by_severity = client.get(url, {"severity": "none"}).context["page"].object_list
    assert [c.category for c in by_severity] == ["safety"]
    by_status = client.get(url, {"status": "triaged"}).context["page"].object_list
    assert [c.pk for c in by_status] == [low.pk]
    assert len(client.get(url, {"status": "open"}).context["page"].object_list) == 2
    assert len(client.get(url, {"status": "resolved"}).context["page"].object_list) == 0
    # Unknown values are ignored, not an error.
    assert client.get(url, {"status": "nonsense"}).status_code == 200


def test_list_filters_by_organization_for_dashboard_links(
    client, certification, national_staff, austin, program, cleveland, ohio
):
    make_concern(certification)
    make_concern(issue(UserFactory(), program, austin))
    client.force_login(national_staff)
    url = reverse("certification:concern_list")
    assert client.get(url).context["page"].paginator.count == 2
    assert client.get(url, {"affiliate": ohio.slug}).context["page"].paginator.count == 1
    assert client.get(url, {"affiliate": cleveland.slug}).context["page"].paginator.count == 1
    assert client.get(url, {"affiliate": "nowhere"}).status_code == 404


def test_list_paginates(client, certification, ohio_trainer):
    for _ in range(27):
        make_concern(certification)
    client.force_login(ohio_trainer)
    url = reverse("certification:concern_list")
    first = client.get(url, {"status": "open"})
    assert len(first.context["page"].object_list) == 25
    assert "status=open&amp;page=2" in first.content.decode()
    assert len(client.get(url, {"page": 2}).context["page"].object_list) == 2


@pytest.mark.parametrize("count", [2, 20])
def test_list_query_budget_does_not_grow(
    client, certification, ohio_trainer, program, cleveland, django_assert_max_num_queries, count
):
    for index in range(count):
        other = issue(UserFactory(), program, cleveland) if index % 2 else certification
        concern = make_concern(other)
        if index % 3 == 0:
            svc.concern_triage(
                actor=ohio_trainer, concern=concern, severity="low", owner=ohio_trainer
            )
    client.force_login(ohio_trainer)
    # Session, user, the reviewer's reach, the count, one page of rows and the header's links.
    with django_assert_max_num_queries(6):
        assert client.get(reverse("certification:concern_list")).status_code == 200


# --- the reviewers' detail -----------------------------------------------------------------


def forms_on(client, user, concern):
    client.force_login(user)
    return set(client.get(detail_url(concern)).context["forms"])


def test_forms_offered_by_role_and_step(
    client, certification, ohio_trainer, cleveland_coordinator, national_staff
):
    concern = make_concern(certification)
    assert forms_on(client, cleveland_coordinator, concern) == {"note"}
    assert forms_on(client, ohio_trainer, concern) == {"triage", "note"}
    svc.concern_triage(actor=ohio_trainer, concern=concern, severity="urgent", owner=ohio_trainer)
    assert forms_on(client, national_staff, concern) == {
        "triage",
        "start_review",
        "note",
        "suspend",
    }
    svc.concern_review_start(actor=ohio_trainer, concern=concern)
    assert forms_on(client, ohio_trainer, concern) == {"triage", "note", "suspend", "resolve"}
    svc.concern_suspend_pending_review(actor=ohio_trainer, concern=concern, reason="r")
    assert forms_on(client, ohio_trainer, concern) == {"triage", "note", "resolve"}
    svc.concern_resolve(actor=ohio_trainer, concern=concern, outcome="suspension", summary="s")
    assert forms_on(client, ohio_trainer, concern) == set()


def test_triage_through_the_page(client, certification, ohio_trainer, national_staff):
    concern = make_concern(certification)
    client.force_login(ohio_trainer)
    page = client.get(detail_url(concern)).content.decode()
    assert "Tomas Alvarez" in page and "Nadia Brooks" in page  # owners offered
    response = client.post(
        detail_url(concern),
        {"action": "triage", "triage-severity": "urgent", "triage-owner": national_staff.pk},
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert (concern.status, concern.severity, concern.owner) == (
        "triaged",
        "urgent",
        national_staff,
    )


def test_coordinator_may_not_triage_but_may_add_notes(
    client, certification, cleveland_coordinator, ohio_trainer
):
    concern = make_concern(certification)
    client.force_login(cleveland_coordinator)
    response = client.post(
        detail_url(concern),
        {"action": "triage", "triage-severity": "low", "triage-owner": ohio_trainer.pk},
    )
    assert response.status_code == 403
    response = client.post(
        detail_url(concern),
        {"action": "note", "note-kind": "contact", "note-text": "Called the reporter."},
    )
    assert response.status_code == 302
    assert concern.events.filter(action="contact", actor=cleveland_coordinator).exists()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.RECEIVED


def test_bad_input_on_detail_gives_a_clear_message_and_changes_nothing(
    client, certification, ohio_trainer, cleveland_coordinator
):
    concern = make_concern(certification)
    client.force_login(ohio_trainer)
    events = ConcernEvent.objects.count()
    # An owner who may not manage the concern is not even offered.
    response = client.post(
        detail_url(concern),
        {"action": "triage", "triage-severity": "low", "triage-owner": cleveland_coordinator.pk},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    # A step the workflow does not allow yet: a message, and back to the page.
    response = client.post(detail_url(concern), {"action": "start_review"}, follow=True)
    assert "A concern that is received cannot be put under review." in response.content.decode()
    # An empty note.
    response = client.post(detail_url(concern), {"action": "note", "note-kind": "note"})
    assert response.status_code == 400
    assert "Write the note." in response.content.decode()
    # An unknown action.
    assert client.post(detail_url(concern), {"action": "explode"}).status_code == 400
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.RECEIVED
    assert ConcernEvent.objects.count() == events


def test_resolve_with_coaching_through_the_page(client, certification, ohio_trainer):
    concern = make_concern(certification)
    svc.concern_triage(actor=ohio_trainer, concern=concern, severity="low", owner=ohio_trainer)
    svc.concern_review_start(actor=ohio_trainer, concern=concern)
    client.force_login(ohio_trainer)
    response = client.post(
        detail_url(concern),
        {"action": "resolve", "resolve-outcome": "coaching", "resolve-summary": "Coach."},
    )
    assert response.status_code == 400
    assert "Say what the facilitator will do." in response.content.decode()
    assert not ImprovementPlan.objects.exists()
    due = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    data = {
        "action": "resolve",
        "resolve-outcome": "coaching",
        "resolve-summary": "Coach.",
        "resolve-plan_actions": "Retake Boundaries.",
        "resolve-plan_due_on": due,
    }
    # The first valid POST only asks: it restates the outcome and changes nothing.
    asked = client.post(detail_url(concern), data).content.decode()
    question = f"Resolve concern {concern.reference} as “coaching with an improvement plan”?"
    assert question in asked
    assert "is given the improvement plan and emailed it." in asked
    concern.refresh_from_db()
    assert concern.status != "resolved" and not ImprovementPlan.objects.exists()
    response = client.post(detail_url(concern), {**data, "confirmed": "yes"})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.outcome == "coaching" and ImprovementPlan.objects.get().concern == concern
    page = client.get(detail_url(concern)).content.decode()
    assert "Retake Boundaries." in page and "Coaching with an improvement plan" in page


def test_attachment_download_headers(client, certification, cleveland_coordinator):
    concern = make_concern(
        certification,
        attachments=[SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")],
    )
    attachment = concern.attachments.get()
    client.force_login(cleveland_coordinator)
    response = client.get(
        reverse("certification:concern_attachment", args=[concern.reference, attachment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "report.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    other = make_concern(certification)
    wrong = reverse("certification:concern_attachment", args=[other.reference, attachment.pk])
    assert client.get(wrong).status_code == 404


@pytest.mark.parametrize("size", [1, 12])
def test_detail_query_budget_does_not_grow(
    client, certification, ohio_trainer, cleveland_coordinator, django_assert_max_num_queries, size
):
    files = [
        SimpleUploadedFile(f"n{i}.txt", b"words", content_type="text/plain")
        for i in range(min(size, 3))
    ]
    concern = make_concern(certification, attachments=files, actor=cleveland_coordinator)
    svc.concern_triage(actor=ohio_trainer, concern=concern, severity="low", owner=ohio_trainer)
    for index in range(size):
        svc.concern_note_add(actor=ohio_trainer, concern=concern, text=f"note {index}")
    client.force_login(ohio_trainer)
    # Session, user, the concern, its files, timeline and plans, two permission checks and
    # the owners offered for triage, the header's links, and the sensitive-read row of opening
    # it: the same with one note or twelve.
    with django_assert_max_num_queries(11):
        assert client.get(detail_url(concern)).status_code == 200


def test_resolving_with_a_suspension_is_confirmed_in_words_first(
    client, certification, ohio_trainer
):
    concern = make_concern(certification)
    svc.concern_triage(actor=ohio_trainer, concern=concern, severity="high", owner=ohio_trainer)
    svc.concern_review_start(actor=ohio_trainer, concern=concern)
    client.force_login(ohio_trainer)
    data = {
        "action": "resolve",
        "resolve-outcome": "suspension",
        "resolve-summary": "Advice to change a medicine, twice.",
        "resolve-suspension_reason": "Medical advice in two groups.",
    }
    asked = client.post(detail_url(concern), data).content.decode()
    name = certification.person.full_name
    assert f"{name}&#x27;s certificate {certification.display_number} will be suspended" in asked
    assert "Yes, resolve the concern" in asked
    certification.refresh_from_db()
    concern.refresh_from_db()
    assert certification.status == "active" and concern.status == "under_review"
    # "Go back" shows the filled form again, still without a change.
    back = client.post(detail_url(concern), {**data, "back": ""})
    assert "Medical advice in two groups." in back.content.decode()
    assert "Yes, resolve the concern" not in back.content.decode()
    client.post(detail_url(concern), {**data, "confirmed": "yes"})
    certification.refresh_from_db()
    concern.refresh_from_db()
    assert certification.status == "suspended" and concern.outcome == "suspension"
