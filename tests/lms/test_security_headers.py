"""Every page tells the browser how little it may do: a Content-Security-Policy without inline
scripts or styles (relaxed only for the admins), frame denial, nosniff, a Referrer-Policy and a
Permissions-Policy; pages with someone's data are never stored. And no template served to
browsers holds an inline script or style that the policy would block."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from wagtail.models import Page

from curriculum.models import ProgramPage, TrainingIndexPage
from lms.security_headers import PERMISSIONS_POLICY
from tests.certification.conftest import issue
from tests.factories import UserFactory
from tests.settings_probe import production_setting

SITE_POLICY = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)


@pytest.fixture
def program(db):
    home = Page.objects.get(depth=2)
    index = TrainingIndexPage(title="Training", slug="training")
    home.add_child(instance=index)
    program = ProgramPage(title="Peer Mentor", slug="peer-mentor", validity_months=24)
    index.add_child(instance=program)
    return program


def directives(response):
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


def assert_site_headers(response):
    policy = directives(response)
    for directive in SITE_POLICY:
        assert directive in policy, (directive, policy)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in response["Permissions-Policy"]


def assert_not_stored(response):
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_home_page_has_every_header_and_may_be_cached(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert_site_headers(response)
    assert "no-store" not in response.get("Cache-Control", "")


def test_every_page_for_a_signed_in_person_is_never_stored(client, trainee, program):
    client.force_login(trainee)
    for url in ("/", "/training/", reverse("dashboard"), reverse("profile")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_site_headers(response)
        assert_not_stored(response)


def test_staff_pages_and_downloads_are_never_stored(client, tree, national_staff, program):
    certification = issue(UserFactory(full_name="Frank Hollis"), program, tree["cleveland"])
    client.force_login(national_staff)
    page = client.get(reverse("certification:certificate_detail", args=[certification.number]))
    assert page.status_code == 200
    assert_site_headers(page)
    assert_not_stored(page)
    pdf = client.get(reverse("certification:certificate_pdf", args=[certification.number]))
    assert pdf.status_code == 200
    assert_not_stored(pdf)


def test_verification_result_and_concern_pages_are_never_stored(client, tree, program):
    certification = issue(UserFactory(full_name="Frank Hollis"), program, tree["cleveland"])
    for url in (
        reverse("certification:verify_number", args=[certification.number]),
        reverse("certification:verify") + f"?number={certification.number}",
        reverse("certification:concern_report_public"),
    ):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert_site_headers(response)
        assert_not_stored(response)


def test_sign_in_page_and_errors_are_never_stored(client, db):
    for url, status in ((reverse("account_login"), 200), ("/no-such-page/", 404)):
        response = client.get(url)
        assert response.status_code == status
        assert_site_headers(response)
        assert_not_stored(response)


def test_admin_gets_inline_scripts_and_styles_but_nothing_else(client, national_staff):
    """The Wagtail admin is built with inline scripts and styles; only its pages allow them,
    and only its pages may be framed by the site itself (the live preview)."""
    client.force_login(national_staff)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "frame-ancestors 'self'" in policy
    assert "object-src 'none'" in policy
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert_not_stored(response)


def test_production_sends_hsts_and_secure_cookies():
    assert production_setting(
        "(s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SECURE_HSTS_PRELOAD, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE)"
    ) == str((True,) * 6)


def test_hsts_header_is_sent_over_https(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


# --- no inline script or style in a template served to browsers ---------------------------

# Rendered by WeasyPrint into PDFs, or sent as email: never loaded by a browser as a page.
EXEMPT_FOLDERS = {"pdf", "email"}
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I
)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"javascript:", re.I)
FORBIDDEN = {
    "an inline <script>": INLINE_SCRIPT,
    "a style= attribute": STYLE_ATTRIBUTE,
    "a <style> element": STYLE_ELEMENT,
    "an inline event handler": EVENT_HANDLER,
    "a javascript: address": JAVASCRIPT_URL,
}


def browser_templates():
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine["DIRS"]]
    for label in ("lms", "certification", "curriculum"):
        folders.append(Path(apps.get_app_config(label).path) / "templates")
    for folder in folders:
        for path in sorted(folder.rglob("*.html")) + sorted(folder.rglob("*.txt")):
            relative = path.relative_to(folder)
            if EXEMPT_FOLDERS.isdisjoint(relative.parts[:-1]):
                yield path


def test_templates_are_found():
    names = {path.name for path in browser_templates()}
    assert {"base.html", "progress_bar.html", "concern_report_public.html"} <= names
    assert "certificate.html" not in names  # the PDF's template keeps its own CSS


def test_no_template_served_to_browsers_has_inline_script_or_style():
    found = []
    for path in browser_templates():
        text = path.read_text()
        for what, pattern in FORBIDDEN.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path}:{line}: {what}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("snippet", "forbidden"),
    [
        ('<div style="width: 5%">', True),
        ("<style>p {}</style>", True),
        ("<script>alert(1)</script>", True),
        ('<button onclick="go()">', True),
        ('<script src="/static/x.js"></script>', False),
        ('<script type="application/json">{}</script>', False),
        ('<div class="styled" data-style-name="x">', False),
    ],
)
def test_the_template_check_tells_inline_code_from_files(snippet, forbidden):
    assert any(pattern.search(snippet) for pattern in FORBIDDEN.values()) is forbidden
