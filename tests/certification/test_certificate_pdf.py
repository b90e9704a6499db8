"""The printed certificate: a frame people trust, and a printout that cannot pass for valid.

Proves: a valid certificate names the national organization, the issuing state, the holder,
the program, the number, the dates and the trainer who certified (the actor of its "issue"
history entry) over a signature line, with the verification address; one that is suspended,
on leave, expired (by status or past its valid-through date) or decertified says "This
certificate is not valid" with its status and since when, never "This certifies that"; every
one fits one page, even with a 60-character name and a long program title; the logo national
staff upload prints as an image and nothing is fetched from elsewhere; only national staff
(and superusers) may change the logo in the admin's settings.
"""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader
from wagtail.images import get_image_model

from certification import pdf
from certification.models import CertificateBranding, CertificationStatus
from certification.services.certificates import certification_issue, certification_suspend

from ..factories import give_authenticator
from .conftest import enroll

S = CertificationStatus
ISSUED = datetime.date(2026, 3, 10)
VALID_THROUGH = datetime.date(2028, 3, 10)
PRINTED = datetime.date(2026, 9, 1)
LONG_NAME = "Maria Guadalupe Fernanda Castellanos-Villanueva de la Torre Ruiz"[:60]
LONG_PROGRAM = (
    "Support Group Facilitator for Family Caregivers of People Living with Serious Mental Illness"
)


def png(width=120, height=60) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 83, 45)).save(buffer, "PNG")
    return buffer.getvalue()


def render(**overrides) -> bytes:
    values = {
        "holder_name": "Tina Walker",
        "program_title": "Peer Mentor",
        "display_number": "ABCD-EFGH-JKMN-P",
        "issued_on": ISSUED,
        "valid_through": VALID_THROUGH,
        "issuing_state_name": "Peer Support Ohio",
        "national_name": "National Peer Support Alliance",
        "trainer_name": "Tomas Alvarez",
        "verification_url": "http://testserver/verify/ABCDEFGHJKMNP/",
        "status": S.ACTIVE,
        "status_label": S.ACTIVE.label,
        "printed_on": PRINTED,
    }
    return pdf.certificate_pdf(**{**values, **overrides})


def read(content: bytes):
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def images_on(reader) -> int:
    count = 0
    for page in reader.pages:
        objects = page["/Resources"].get("/XObject") or {}
        count += sum(1 for ref in objects.values() if ref.get_object()["/Subtype"] == "/Image")
    return count


# --- the document ---------------------------------------------------------------------------


def test_a_valid_certificate_carries_who_issued_it_and_everything_to_check_it():
    reader, text = read(render())
    assert len(reader.pages) == 1
    for expected in (
        "National Peer Support Alliance",
        "Peer Support Ohio",
        "Certificate",
        "This certifies that",
        "Tina Walker",
        "Peer Mentor",
        "ABCD-EFGH-JKMN-P",
        "March 10, 2026",
        "March 10, 2028",
        "Tomas Alvarez",
        "Certifying trainer, Peer Support Ohio",
        "http://testserver/verify/ABCDEFGHJKMNP/",
        "Printed on September 1, 2026",
    ):
        assert expected in text, expected
    assert "not valid" not in text.lower()
    assert images_on(reader) == 0  # the QR code is drawn, not an image; no logo was set


@pytest.mark.parametrize("status", [S.SUSPENDED, S.ON_LEAVE, S.EXPIRED, S.DECERTIFIED])
def test_a_certificate_that_is_not_valid_says_so_instead_of_certifying(status):
    reader, text = read(
        render(
            status=status,
            status_label=status.label,
            status_since=datetime.date(2026, 8, 3),
        )
    )
    assert len(reader.pages) == 1
    assert "This certificate is not valid" in text
    assert f"Status: {status.label} since August 3, 2026" in text
    assert "printed on September 1, 2026" in text
    assert "This certifies that" not in text
    assert "Tina Walker" in text and "ABCD-EFGH-JKMN-P" in text


def test_an_active_certificate_past_its_date_prints_as_expired():
    _reader, text = read(render(valid_through=datetime.date(2026, 8, 31)))
    assert "This certificate is not valid" in text
    assert "Status: Expired since September 1, 2026" in text
    assert "This certifies that" not in text


@pytest.mark.parametrize("status", [S.ACTIVE, S.SUSPENDED])
def test_a_long_name_and_program_still_fit_one_page(status):
    assert len(LONG_NAME) == 60
    reader, text = read(
        render(
            holder_name=LONG_NAME,
            program_title=LONG_PROGRAM,
            status=status,
            status_label=status.label,
            logo=png(),
        )
    )
    assert len(reader.pages) == 1
    assert "Castellanos" in text and "Caregivers" in text and "Tomas Alvarez" in text


def test_the_logo_prints_as_an_image_and_nothing_else_is_fetched():
    reader, text = read(render(logo=png()))
    assert images_on(reader) == 1
    assert "National Peer Support Alliance" in text
    # Bytes that are not an image are left out rather than breaking the certificate.
    reader, _text = read(render(logo=b"not an image"))
    assert images_on(reader) == 0
    assert pdf.image_data_uri(b"<html>") == ""
    assert pdf.image_data_uri(png()).startswith("data:image/png;base64,")


def test_the_page_never_loads_a_remote_address(monkeypatch):
    fetched = []

    def spy(self, url, *args, **kwargs):
        fetched.append(url)
        raise ValueError("no network in tests")

    monkeypatch.setattr("urllib.request.OpenerDirector.open", spy)
    remote = '<img src="http://example.com/logo.png"><img src="file:///etc/hostname"><p>x</p>'
    monkeypatch.setattr(pdf, "render_to_string", lambda name, context: remote)
    assert pdf.render_pdf("any.html", {}).startswith(b"%PDF")
    assert fetched == []


# --- through the site -----------------------------------------------------------------------


@pytest.fixture
def certified_by_trainer(tree, program, trainee, ohio_trainer):
    return certification_issue(
        actor=ohio_trainer, enrollment=enroll(trainee, program, tree["cleveland"]), issued_on=ISSUED
    )


def download(client, certification):
    response = client.get(reverse("certification:certificate_pdf", args=[certification.number]))
    assert response.status_code == 200
    return read(response.content)


def test_the_download_names_the_trainer_the_organizations_and_the_logo(
    client, certified_by_trainer, trainee, tree
):
    client.force_login(trainee)
    reader, text = download(client, certified_by_trainer)
    for expected in ("Tomas Alvarez", "National Peer Support Alliance", "Peer Support Ohio"):
        assert expected in text, expected
    assert images_on(reader) == 0

    logo = get_image_model().objects.create(
        title="Alliance logo", file=ImageFile(io.BytesIO(png(900, 300)), name="logo.png")
    )
    branding = CertificateBranding.load()
    branding.logo = logo
    branding.save()
    reader, _text = download(client, certified_by_trainer)
    assert images_on(reader) == 1
    assert len(reader.pages) == 1


def test_the_download_of_a_suspended_certificate_is_not_valid_since_the_suspension(
    client, certified_by_trainer, trainee, ohio_trainer
):
    certification_suspend(
        actor=ohio_trainer, certification=certified_by_trainer, reason="Pending review"
    )
    client.force_login(trainee)
    _reader, text = download(client, certified_by_trainer)
    assert "This certificate is not valid" in text
    assert "Status: Suspended since" in text
    assert "Pending review" not in text


# --- the logo in the admin -------------------------------------------------------------------


def settings_url():
    return reverse("wagtailsettings:edit", args=["certification", "certificatebranding"])


def test_national_staff_find_and_change_the_certificate_design(client, national_staff):
    client.force_login(national_staff)
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert settings_url() in menu
    response = client.get(settings_url(), follow=True)
    assert response.status_code == 200
    assert "logo on certificates" in response.content.decode().lower()


def test_nobody_else_may_change_the_certificate_design(
    client, ohio_trainer, cleveland_coordinator, django_user_model
):
    for person in (ohio_trainer, cleveland_coordinator):
        client.force_login(person)
        response = client.get(settings_url())
        assert response.status_code in (302, 403)
        assert "logo on certificates" not in response.content.decode().lower()
    # A Wagtail editor opens the admin but not the certificate design.
    editor = django_user_model.objects.create_user(
        email="editor@example.org", password="x", full_name="Eddie Tor"
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    give_authenticator(editor)  # admin users must have one (two-factor sign-in)
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert settings_url() not in client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.get(settings_url())
    assert response.status_code in (302, 403)
    assert response.get("Location", "") != settings_url()

    superuser = django_user_model.objects.create_superuser(
        email="root@example.org", password="x", full_name="Root"
    )
    client.force_login(superuser)
    assert client.get(settings_url(), follow=True).status_code == 200
