"""Certificate pages: the holder's "My certificates", the staff certificate page, the PDF and
the read-only register in the Wagtail admin.

Proves: each page reaches a certification only through `certifications_visible_to` (404 for
anyone else, sign-in first); the holder sees number, status, dates, history and reasons, takes
leave, returns, and renews when the window is open (or reads what is missing); trainers of the
state suspend, reinstate and transfer through the services, each confirmed first on a page that
restates the effect (a POST without the confirmation changes nothing), with reasons kept in the
history; nobody decertifies from this page (only a case does); a refused transition or a
broken rule comes back as a message or a field error, never a 500; coordinators read but
change nothing; the PDF carries name, number, program and the verification address; queries
per page do not grow with certifications or history rows.
"""

import datetime
import io

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from certification.models import (
    Certification,
    CertificationAction,
    CertificationStatus,
    Role,
    SystemCause,
)
from certification.services import certificates as svc
from certification.services.conduct import conduct_draft, conduct_publish
from tests.factories import UserFactory, decertify_through_case, grant

from .conftest import enroll, issue

S, A = CertificationStatus, CertificationAction
DAY = datetime.date(2026, 3, 10)
REASON = "Shared a group member story outside the group"


def at(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(15)), tick=False)


@pytest.fixture
def certificate(tree, program, trainee):
    return issue(trainee, program, tree["cleveland"], issued_on=DAY)


@pytest.fixture
def texas_trainer(tree):
    user = UserFactory(full_name="Theo Grant")
    grant(user, tree["texas"], Role.STATE_TRAINER)
    return user


def mine():
    return reverse("certification:my_certificates")


def page(certification):
    return reverse("certification:certificate_detail", args=[certification.number])


def pdf_url(certification):
    return reverse("certification:certificate_pdf", args=[certification.number])


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (792, 612)  # letter, landscape
    return reader.pages[0].extract_text()


# --- My certificates -----------------------------------------------------------------------


def test_my_certificates_needs_sign_in(client, db):
    response = client.get(mine())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_holder_sees_number_status_dates_history_and_reasons(
    client, certificate, trainee, ohio_trainer
):
    svc.certification_suspend(actor=ohio_trainer, certification=certificate, reason=REASON)
    client.force_login(trainee)
    response = client.get(mine())
    assert response.status_code == 200
    text = response.content.decode()
    for expected in (
        "My certificates",
        certificate.display_number,
        "Peer Mentor",
        "Suspended",
        "March 10, 2026",  # issued
        "March 10, 2028",  # valid through
        "Issued",  # history: issue, then suspension with its reason
        REASON,
        "Download certificate (PDF)",
        pdf_url(certificate),
    ):
        assert expected in text, expected
    # A suspended certificate can neither go on leave nor be renewed by its holder.
    assert "Take voluntary leave" not in text
    assert "Renew" not in text


def test_someone_without_certificates_is_told_what_comes_next(client, trainee):
    client.force_login(trainee)
    text = client.get(mine()).content.decode()
    assert "You do not hold a certificate yet" in text
    assert reverse("curriculum:my_training") in text
    assert "Certificates you oversee" not in text


def test_holder_takes_leave_and_returns(client, certificate, trainee):
    client.force_login(trainee)
    with at(DAY):
        assert "Take voluntary leave" in client.get(mine()).content.decode()
        response = client.post(
            reverse("certification:certificate_leave", args=[certificate.number]), follow=True
        )
    assert "You are on leave" in response.content.decode()
    assert "Return from leave" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == S.ON_LEAVE
    with at(DAY + datetime.timedelta(days=30)):
        response = client.post(
            reverse("certification:certificate_return", args=[certificate.number]), follow=True
        )
    text = response.content.decode()
    assert "Welcome back" in text and "April 9, 2028" in text
    assert "30 days on leave; now valid through April 9, 2028." in text
    certificate.refresh_from_db()
    assert certificate.status == S.ACTIVE


def test_a_refused_change_is_a_message_not_an_error(client, certificate, trainee):
    client.force_login(trainee)
    response = client.post(
        reverse("certification:certificate_return", args=[certificate.number]), follow=True
    )
    assert response.status_code == 200
    assert "A certification that is active cannot return from leave." in (response.content.decode())


def test_renewal_opens_ninety_days_before_the_end(client, certificate, trainee):
    with at(datetime.date(2027, 12, 1)):
        client.force_login(trainee)
        text = client.get(mine()).content.decode()
        assert "Renewal opens on December 11, 2027, 90 days before your certificate ends." in text
        assert ">Renew</button>" not in text
    with at(datetime.date(2028, 1, 15)):
        client.force_login(trainee)
        assert ">Renew</button>" in client.get(mine()).content.decode()
        response = client.post(
            reverse("certification:certificate_renew", args=[certificate.number]), follow=True
        )
    assert "It is now valid through March 10, 2030." in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.expires_on == datetime.date(2030, 3, 10)


def test_what_stops_a_renewal_is_listed_and_a_forced_renewal_is_refused(
    client, certificate, trainee, program, national_staff
):
    conduct_publish(
        actor=national_staff,
        code=conduct_draft(actor=national_staff, program=program, title="Code", text="Be kind."),
    )
    with at(datetime.date(2028, 2, 1)):
        client.force_login(trainee)
        text = client.get(mine()).content.decode()
        assert "Before you can renew:" in text
        assert "<li>Sign the current code of conduct.</li>" in text
        assert ">Renew</button>" not in text
        response = client.post(
            reverse("certification:certificate_renew", args=[certificate.number]), follow=True
        )
    assert response.status_code == 200
    assert "Sign the current code of conduct." in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.expires_on == datetime.date(2028, 3, 10)


def test_an_expired_certificate_replaced_by_a_newer_one_is_not_renewed(
    client, tree, program, trainee
):
    with at(DAY):
        old = issue(trainee, program, tree["cleveland"])
    with at(datetime.date(2028, 3, 11)):
        svc.certification_expire(certification=old)
        svc.certification_issue(
            actor=None, system_cause=SystemCause.SETUP, enrollment=old.enrollment
        )
        client.force_login(trainee)
        text = client.get(mine()).content.decode()
        assert "You hold a newer certificate in this program." in text
        response = client.post(
            reverse("certification:certificate_renew", args=[old.number]), follow=True
        )
    assert response.status_code == 200
    assert "You hold a newer certificate in this program." in response.content.decode()
    old.refresh_from_db()
    assert old.status == S.EXPIRED


def test_holder_actions_are_for_the_holder_only(client, certificate, ohio_trainer):
    client.force_login(ohio_trainer)  # may see it, but it is not theirs
    leave = reverse("certification:certificate_leave", args=[certificate.number])
    assert client.post(leave).status_code == 404
    assert client.get(leave).status_code == 405
    certificate.refresh_from_db()
    assert certificate.status == S.ACTIVE


def test_dashboard_links_to_my_certificates(client, trainee):
    client.force_login(trainee)
    text = client.get(reverse("dashboard")).content.decode()
    assert f'href="{mine()}">Your certificates</a>' in text


# --- the PDF -------------------------------------------------------------------------------


def test_holder_downloads_the_certificate_pdf(client, certificate, trainee, settings):
    client.force_login(trainee)
    response = client.get(pdf_url(certificate))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificate-{certificate.file_name_number}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response)
    for expected in (
        "Tina Walker",
        "Peer Mentor",
        certificate.display_number,
        "March 10, 2026",
        "March 10, 2028",
        "Peer Support Ohio",
        f"{settings.SITE_URL}/verify/{certificate.number}/",
    ):
        assert expected in text, expected
    assert "This certifies that" in text
    assert "not valid" not in text


def test_a_pdf_of_a_suspended_certificate_says_so(client, certificate, trainee, ohio_trainer):
    svc.certification_suspend(actor=ohio_trainer, certification=certificate, reason=REASON)
    client.force_login(trainee)
    text = pdf_text(client.get(pdf_url(certificate)))
    assert "This certificate is not valid" in text
    assert "Status: Suspended since" in text
    assert "This certifies that" not in text
    assert "Shared a group" not in text


@pytest.mark.parametrize("who", ["ohio_trainer", "cleveland_coordinator", "national_staff"])
def test_staff_who_may_see_it_download_the_pdf(client, certificate, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(pdf_url(certificate))
    assert response.status_code == 200
    assert certificate.display_number in pdf_text(response)


def test_strangers_get_404_for_the_pdf_and_the_page(client, certificate, texas_trainer):
    client.force_login(texas_trainer)
    assert client.get(pdf_url(certificate)).status_code == 404
    assert client.get(page(certificate)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(pdf_url(certificate)).status_code == 404
    assert client.get(page(certificate)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, certificate):
    for url in (pdf_url(certificate), page(certificate)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


# --- the staff page ------------------------------------------------------------------------


def test_trainer_sees_details_history_and_the_forms_the_status_allows(
    client, certificate, ohio_trainer, trainee
):
    client.force_login(ohio_trainer)
    with at(DAY):
        response = client.get(page(certificate))
    assert response.status_code == 200
    text = response.content.decode()
    assert f"Certificate {certificate.display_number}" in text
    assert trainee.email in text
    assert "Cleveland Peer Support" in text
    assert "System (a setup command)" in text  # the fixture's cause
    for heading in ("Suspend", "Transfer to another affiliate"):
        assert f'">{heading}</h3>' in text
    assert '">Reinstate</h3>' not in text
    # No way to decertify here: only a case, with notice, response and appeal, does that.
    assert '">Decertify</h3>' not in text
    assert 'value="decertify"' not in text and "decertify-reason" not in text
    assert "decertified only through a decertification case" in text
    # Only affiliates the trainer manages, never the current one.
    assert "Columbus Family Network (OH-COL)" in text
    assert "Cleveland Peer Support (OH-CLE)" not in text
    assert "Austin Peer Support" not in text


def test_trainer_suspends_and_reinstates_with_reasons_in_the_history(
    client, certificate, ohio_trainer
):
    client.force_login(ohio_trainer)
    asked = client.post(page(certificate), {"action": "suspend", "suspend-reason": REASON})
    assert asked.status_code == 200
    text = asked.content.decode()
    assert "Suspend Tina Walker&#x27;s certificate?" in text
    assert (
        f"Tina Walker&#x27;s Peer Mentor certificate {certificate.display_number} will be "
        "suspended" in text
    )
    assert "Tina Walker is emailed the reason." in text
    assert "Yes, suspend the certificate" in text and "Go back" in text
    assert f'<input type="hidden" name="suspend-reason" value="{REASON}">' in text
    certificate.refresh_from_db()
    assert certificate.status == S.ACTIVE  # the first POST only asks
    assert certificate.history.count() == 1
    response = client.post(
        page(certificate),
        {"action": "suspend", "suspend-reason": REASON, "confirmed": "yes"},
        follow=True,
    )
    text = response.content.decode()
    assert "The certificate is suspended." in text
    assert REASON in text and "by Tomas Alvarez" in text
    assert '">Reinstate</h3>' in text and '">Suspend</h3>' not in text
    certificate.refresh_from_db()
    assert certificate.status == S.SUSPENDED

    data = {"action": "reinstate", "reinstate-reason": "Completed the privacy refresher"}
    asked = client.post(page(certificate), data).content.decode()
    assert "Reinstate Tina Walker&#x27;s certificate?" in asked
    assert "will be active again" in asked and "Yes, reinstate the certificate" in asked
    certificate.refresh_from_db()
    assert certificate.status == S.SUSPENDED
    response = client.post(page(certificate), {**data, "confirmed": "yes"}, follow=True)
    assert "The certificate is active again." in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == S.ACTIVE
    assert list(certificate.history.values_list("action", "reason", "actor")) == [
        (A.ISSUE, "", None),
        (A.SUSPEND, REASON, ohio_trainer.pk),
        (A.REINSTATE, "Completed the privacy refresher", ohio_trainer.pk),
    ]


def test_a_missing_reason_is_shown_at_the_field(client, certificate, ohio_trainer):
    client.force_login(ohio_trainer)
    response = client.post(page(certificate), {"action": "suspend", "suspend-reason": "  "})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Give a reason. It is kept in the history." in text
    assert 'aria-describedby="id_suspend-reason_helptext id_suspend-reason_error"' in text
    certificate.refresh_from_db()
    assert certificate.status == S.ACTIVE


def test_a_refused_transition_shows_the_domain_message(client, certificate, ohio_trainer):
    svc.certification_suspend(actor=ohio_trainer, certification=certificate, reason=REASON)
    client.force_login(ohio_trainer)
    # A page opened before the suspension still offers "Suspend".
    response = client.post(
        page(certificate),
        {"action": "suspend", "suspend-reason": "Again", "confirmed": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    assert "A certification that is suspended cannot be suspended." in response.content.decode()
    assert certificate.history.count() == 2


def test_go_back_shows_the_filled_form_and_changes_nothing(client, certificate, ohio_trainer):
    client.force_login(ohio_trainer)
    response = client.post(
        page(certificate), {"action": "suspend", "suspend-reason": REASON, "back": "1"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert f"{REASON}</textarea>" in text  # the form, filled as it was
    assert "Yes, suspend the certificate" not in text
    certificate.refresh_from_db()
    assert certificate.status == S.ACTIVE
    assert certificate.history.count() == 1


@pytest.mark.parametrize("confirmed", [False, True])
def test_nobody_decertifies_from_the_certificate_page(
    client, certificate, ohio_trainer, national_staff, confirmed
):
    for user in (ohio_trainer, national_staff):
        client.force_login(user)
        data = {
            "action": "decertify",
            "decertify-reason": REASON,
            "decertify-may_reenroll_on": "2030-03-10",
            "reason": REASON,
            "may_reenroll_on": "2030-03-10",
        }
        if confirmed:
            data["confirmed"] = "yes"
        response = client.post(page(certificate), data)
        assert response.status_code == 400
        certificate.refresh_from_db()
        assert certificate.status == S.ACTIVE
        assert certificate.may_reenroll_on is None
        assert certificate.history.count() == 1


def test_trainer_transfers_within_their_state_only(client, certificate, ohio_trainer, tree):
    client.force_login(ohio_trainer)
    response = client.post(
        page(certificate), {"action": "transfer", "transfer-affiliate": tree["austin"].pk}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    data = {"action": "transfer", "transfer-affiliate": tree["columbus"].pk}
    asked = client.post(page(certificate), data).content.decode()
    assert "Transfer Tina Walker&#x27;s certificate?" in asked
    assert "will move from Cleveland Peer Support to Columbus Family Network" in asked
    assert "No one is emailed." in asked
    certificate.refresh_from_db()
    assert certificate.affiliate == tree["cleveland"]
    response = client.post(page(certificate), {**data, "confirmed": "yes"}, follow=True)
    text = response.content.decode()
    assert "The certificate now belongs to Columbus Family Network." in text
    assert "From Cleveland Peer Support to Columbus Family Network." in text
    certificate.refresh_from_db()
    assert certificate.affiliate == tree["columbus"]


def test_coordinators_read_but_change_nothing(client, certificate, cleveland_coordinator):
    client.force_login(cleveland_coordinator)
    response = client.get(page(certificate))
    assert response.status_code == 200
    assert "Change this certificate" not in response.content.decode()
    response = client.post(page(certificate), {"action": "suspend", "suspend-reason": "x"})
    assert response.status_code == 403
    certificate.refresh_from_db()
    assert certificate.status == S.ACTIVE


def test_an_unknown_action_is_a_bad_request(client, certificate, ohio_trainer):
    client.force_login(ohio_trainer)
    assert client.post(page(certificate), {"action": "delete"}).status_code == 400


def test_a_number_typed_with_dashes_goes_to_the_page(client, certificate, ohio_trainer):
    client.force_login(ohio_trainer)
    typed = certificate.display_number.lower()
    response = client.get(reverse("certification:certificate_detail", args=[typed]))
    assert response.status_code == 302
    assert response["Location"] == page(certificate)
    bad = reverse("certification:certificate_detail", args=["nonsense"])
    assert client.get(bad).status_code == 404


def test_staff_find_a_certificate_they_oversee_by_number(
    client, certificate, ohio_trainer, texas_trainer
):
    client.force_login(ohio_trainer)
    assert "Certificates you oversee" in client.get(mine()).content.decode()
    find = reverse("certification:certificate_find")
    response = client.get(find, {"number": f" {certificate.display_number.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == page(certificate)

    client.force_login(texas_trainer)
    response = client.get(find, {"number": certificate.number})
    assert response.status_code == 400
    assert "No certificate that you can see has this number." in response.content.decode()


# --- query budgets -------------------------------------------------------------------------


def _queries(client, url):
    cache.clear()  # each count includes working out the header, which is then cached
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _past_certificates(person, program, affiliate, trainer, count):
    """`count` decertified certificates, each with three history rows, then a live one."""
    enrollment = enroll(person, program, affiliate)
    for _ in range(count):
        certification = svc.certification_issue(
            actor=None, system_cause=SystemCause.SETUP, enrollment=enrollment
        )
        svc.certification_suspend(actor=trainer, certification=certification, reason="x")
        decertify_through_case(
            certification,
            actor=trainer,
            reason="y",
            may_reenroll_on=svc.today() + datetime.timedelta(days=1),
        )
    return svc.certification_issue(
        actor=None, system_cause=SystemCause.SETUP, enrollment=enrollment
    )


def test_my_certificates_queries_do_not_grow_with_certificates(
    client, tree, program, ohio_trainer, django_assert_max_num_queries
):
    one, ten = UserFactory(), UserFactory()
    _past_certificates(one, program, tree["cleveland"], ohio_trainer, 0)
    _past_certificates(ten, program, tree["cleveland"], ohio_trainer, 9)
    assert Certification.objects.filter(person=ten).count() == 10
    client.force_login(one)
    baseline = _queries(client, mine())
    client.force_login(ten)
    assert _queries(client, mine()) == baseline
    with django_assert_max_num_queries(6):
        client.get(mine())


def test_staff_page_queries_do_not_grow_with_history(
    client, tree, program, ohio_trainer, django_assert_max_num_queries
):
    short = issue(UserFactory(), program, tree["cleveland"])
    long = issue(UserFactory(), program, tree["cleveland"])
    for _ in range(5):  # ten more history rows
        svc.certification_suspend(actor=ohio_trainer, certification=long, reason="x")
        svc.certification_reinstate(actor=ohio_trainer, certification=long, reason="y")
    assert long.history.count() == 11
    client.force_login(ohio_trainer)
    baseline = _queries(client, page(short))
    assert _queries(client, page(long)) == baseline
    with django_assert_max_num_queries(8):
        client.get(page(long))


# --- the Wagtail admin ---------------------------------------------------------------------


def test_national_staff_read_the_register_and_a_certificates_history(
    client, certificate, national_staff, ohio_trainer
):
    svc.certification_suspend(actor=ohio_trainer, certification=certificate, reason=REASON)
    client.force_login(national_staff)
    response = client.get(reverse("certifications:index"))
    assert response.status_code == 200
    text = response.content.decode()
    assert certificate.display_number in text and "Tina Walker" in text
    assert "Suspended" in text
    assert reverse("certifications:add") not in text
    assert reverse("certifications:inspect", args=[certificate.pk]) in text

    response = client.get(reverse("certifications:index"), {"q": certificate.display_number})
    assert certificate.display_number in response.content.decode()

    response = client.get(reverse("certifications:inspect", args=[certificate.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert REASON in text and "Tomas Alvarez" in text
    assert reverse("certifications:edit", args=[certificate.pk]) not in text
    assert reverse("certifications:delete", args=[certificate.pk]) not in text


def test_nobody_adds_edits_or_deletes_in_the_admin(client, certificate, national_staff):
    client.force_login(national_staff)
    for url in (
        reverse("certifications:add"),
        reverse("certifications:edit", args=[certificate.pk]),
        reverse("certifications:delete", args=[certificate.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert response.status_code == 403 or "certifications" not in response["Location"]
    response = client.post(reverse("certifications:delete", args=[certificate.pk]))
    assert response.status_code in (302, 403)
    assert Certification.objects.filter(pk=certificate.pk).exists()


def test_trainers_do_not_get_the_certification_register(client, certificate, ohio_trainer):
    client.force_login(ohio_trainer)
    response = client.get(reverse("certifications:index"))
    assert response.status_code in (302, 403)
    response = client.get(reverse("certifications:inspect", args=[certificate.pk]))
    assert response.status_code in (302, 403)
