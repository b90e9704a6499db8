"""Public verification: anyone checks a certificate by number or QR code, without an account.

Proves: the page shows the holder's full name, the program, the status and the valid-through
date, and never a reason, the history, an email address or who made a change; every status is
shown plainly; a number typed any way (case, spaces, dashes, O/0, I/L/1) finds its certificate;
an unknown or malformed number says so plainly (404 at the number's address); lookups are
limited per address (429 with a friendly page); the QR code's address is built from
`SITE_URL`.
"""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from certification.models import (
    Certification,
    CertificationStatus,
    format_certification_number,
)
from certification.models.certificates import number_check_symbol
from certification.services import certificates as svc
from certification.views.verification import VERIFY_LIMIT, verification_url
from tests.factories import decertify_through_case

from .conftest import issue

S = CertificationStatus
SECRET_REASON = "Zebra-7731 private conduct matter"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Lookup counters live in the cache, which outlives a test: start each test at zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def certificate(tree, program, trainee):
    return issue(trainee, program, tree["cleveland"], issued_on=datetime.date(2026, 3, 10))


def verify(client, number, **extra):
    return client.get(reverse("certification:verify_number", args=[number]), **extra)


def test_anyone_sees_name_program_status_and_valid_through(client, certificate, trainee):
    response = verify(client, certificate.number)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Tina Walker" in text
    assert "Peer Mentor" in text
    assert "Status: Active" in text
    assert "March 10, 2028" in text  # valid through
    assert certificate.display_number in text
    assert trainee.email not in text
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]


def test_a_suspension_shows_plainly_but_never_its_reason(
    client, certificate, ohio_trainer, trainee
):
    svc.certification_suspend(actor=ohio_trainer, certification=certificate, reason=SECRET_REASON)
    response = verify(client, certificate.number)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Status: Suspended" in text
    assert "Zebra-7731" not in text
    assert "Tomas Alvarez" not in text  # who made the change is not public either
    assert trainee.email not in text
    assert "Reinstated" not in text and "Issued on" not in text  # no history


@pytest.mark.parametrize(
    ("status", "label", "shows_valid_through"),
    [
        (S.ON_LEAVE, "On leave", True),
        (S.EXPIRED, "Expired", True),
        (S.DECERTIFIED, "Decertified", False),
    ],
)
def test_every_status_is_shown_plainly(
    client, certificate, ohio_trainer, trainee, status, label, shows_valid_through
):
    if status == S.ON_LEAVE:
        svc.certification_leave(actor=trainee, certification=certificate)
    elif status == S.EXPIRED:
        with time_machine.travel(datetime.datetime(2028, 3, 12, 12), tick=False):
            svc.certification_expire(certification=certificate)
    else:
        decertify_through_case(
            certificate,
            actor=ohio_trainer,
            reason=SECRET_REASON,
            may_reenroll_on=svc.today() + datetime.timedelta(days=365),
        )
    certificate.refresh_from_db()
    assert certificate.status == status
    text = verify(client, certificate.number).content.decode()
    assert f"Status: {label}" in text
    assert ("Valid through" in text) is shows_valid_through
    assert "Zebra-7731" not in text
    assert "May enroll again" not in text


def test_the_form_reads_a_number_as_a_person_types_it(client, certificate):
    body = "0A1B1CDEFG"
    number = body + number_check_symbol(body)
    Certification.objects.filter(pk=certificate.pk).update(number=number)
    # lower case, spaces and dashes, O for zero, I and L for one
    typed = f" oa-ib lc{number[6:].lower()} "
    response = client.get(reverse("certification:verify"), {"number": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("certification:verify_number", args=[number])
    assert "Tina Walker" in client.get(response["Location"]).content.decode()


def test_a_number_typed_into_the_address_goes_to_its_canonical_page(client, certificate):
    typed = format_certification_number(certificate.number).lower()
    response = verify(client, typed)
    assert response.status_code == 302
    assert response["Location"] == reverse("certification:verify_number", args=[certificate.number])


def test_an_unknown_number_is_not_found_with_the_form_again(client, certificate):
    body = "ZZZZZZZZZZ"
    unknown = body + number_check_symbol(body)
    response = verify(client, unknown)
    assert response.status_code == 404
    text = response.content.decode()
    assert "We could not find a certificate with this number" in text
    assert 'aria-invalid="true"' in text  # the error is tied to the number field
    assert 'aria-describedby="id_number_helptext id_number_error"' in text
    assert f'value="{unknown}"' in text


def test_a_malformed_number_is_not_found(client, certificate):
    typo = ("1" if certificate.number[0] != "1" else "2") + certificate.number[1:]
    assert verify(client, typo).status_code == 404  # the check symbol catches it
    response = client.get(reverse("certification:verify"), {"number": "not a number"})
    assert response.status_code == 200
    assert "We could not find a certificate with this number" in response.content.decode()
    empty = client.get(reverse("certification:verify"), {"number": ""})
    assert "Enter the certificate number." in empty.content.decode()


def test_the_empty_form_explains_itself(client, db):
    response = client.get(reverse("certification:verify"))
    assert response.status_code == 200
    text = response.content.decode()
    assert '<label for="id_number">Certificate number' in text
    assert "scan its QR code" in text


def test_lookups_are_limited_per_address(client, certificate):
    for _ in range(VERIFY_LIMIT.amount):
        assert verify(client, certificate.number).status_code == 200
    response = verify(client, certificate.number)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Please try again in" in response.content.decode()
    assert "Tina Walker" not in response.content.decode()
    # Another address is not held back.
    assert verify(client, certificate.number, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_the_limit_lifts_after_a_minute(client, certificate):
    start = datetime.datetime(2026, 5, 4, 10, 0, 5, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(VERIFY_LIMIT.amount):
            verify(client, certificate.number)
        assert verify(client, certificate.number).status_code == 429
    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        assert verify(client, certificate.number).status_code == 200


def test_malformed_numbers_are_refused_without_counting(client, certificate):
    for _ in range(VERIFY_LIMIT.amount + 5):
        assert verify(client, "NOT-A-NUMBER").status_code == 404
    assert verify(client, certificate.number).status_code == 200


def test_verification_costs_one_query(client, certificate, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert verify(client, certificate.number).status_code == 200


def test_the_qr_address_is_absolute_from_the_site_url(settings, certificate):
    settings.SITE_URL = "https://trellis.example.org/"
    assert verification_url(certificate.number) == (
        f"https://trellis.example.org/verify/{certificate.number}/"
    )


def test_the_footer_links_to_verification(client, db):
    text = client.get(reverse("certification:verify")).content.decode()
    assert f'href="{reverse("certification:verify")}">Verify a certificate</a>' in text
