"""Breadcrumbs and certificate numbers lead only where the person may go.

Proves: a breadcrumb names every level above a page but links only those the person may open
(a coordinator's organization and oversight pages name the state and the national office as
plain text; a trainer's link up to their state); every breadcrumb link on the pages staff and
trainees use opens; a certificate number shown to staff (concern, case, enrollment, oversight
list) links to the certificate's page, which opens; the holder's own page and a certificate
held where the viewer cannot see it show the number as plain text.
"""

import re

import pytest
from django.urls import reverse

from certification.models import Role
from tests.factories import UserFactory, grant

from .conftest import enroll
from .fidelity.test_case_services import issue_on_fixed_date, make_concern, open_case

NATIONAL = "National Peer Support Alliance"
OHIO = "Peer Support Ohio"
CLEVELAND = "Cleveland Peer Support"


def breadcrumb(text):
    """([every item's words], {linked words: href}) of a page's breadcrumb."""
    nav = re.search(r'<nav aria-label="Breadcrumb" class="breadcrumb">(.*?)</nav>', text, re.S)
    assert nav, "no breadcrumb on the page"
    items = [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(r"<li[^>]*>(.*?)</li>", nav.group(1), re.S)
    ]
    links = {
        label.strip(): href
        for href, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav.group(1))
    }
    return items, links


def open_with_breadcrumb(client, url):
    """The page's breadcrumb, after checking that the page and every breadcrumb link open."""
    response = client.get(url)
    assert response.status_code == 200, url
    items, links = breadcrumb(response.content.decode())
    for label, href in links.items():
        assert client.get(href).status_code == 200, (url, label, href)
    return items, links


@pytest.fixture
def certification(tree, program):
    return issue_on_fixed_date(UserFactory(full_name="Felix Moreno"), program, tree["cleveland"])


def certificate_href(certification):
    return reverse("certification:certificate_detail", args=[certification.number])


def number_link(certification):
    return f'href="{certificate_href(certification)}">{certification.display_number}</a>'


# --- breadcrumbs ---------------------------------------------------------------------------


def test_a_coordinator_sees_the_levels_above_named_not_linked(client, tree, cleveland_coordinator):
    client.force_login(cleveland_coordinator)
    cleveland = tree["cleveland"]
    items, links = open_with_breadcrumb(
        client, reverse("certification:organization_detail", args=[cleveland.slug])
    )
    assert items == ["Organizations", NATIONAL, OHIO, CLEVELAND]
    assert set(links) == {"Organizations"}

    items, links = open_with_breadcrumb(
        client, reverse("certification:oversight_dashboard", args=[cleveland.slug])
    )
    assert items == [NATIONAL, OHIO, CLEVELAND]
    assert links == {}
    items, links = open_with_breadcrumb(
        client, reverse("certification:oversight_list", args=[cleveland.slug, "active"])
    )
    assert items == [NATIONAL, OHIO, CLEVELAND, "Active facilitators"]
    assert set(links) == {CLEVELAND}


def test_a_trainer_is_linked_up_to_their_state_and_national_staff_to_the_top(
    client, tree, ohio_trainer, national_staff
):
    cleveland = tree["cleveland"]
    client.force_login(ohio_trainer)
    _items, links = open_with_breadcrumb(
        client, reverse("certification:organization_detail", args=[cleveland.slug])
    )
    assert set(links) == {"Organizations", OHIO}
    _items, links = open_with_breadcrumb(
        client, reverse("certification:oversight_dashboard", args=[cleveland.slug])
    )
    assert set(links) == {OHIO}

    client.force_login(national_staff)
    _items, links = open_with_breadcrumb(
        client, reverse("certification:organization_detail", args=[cleveland.slug])
    )
    assert set(links) == {"Organizations", NATIONAL, OHIO}


def test_every_breadcrumb_link_opens_for_staff(
    client, tree, program, certification, cleveland_coordinator, ohio_trainer
):
    learner = enroll(UserFactory(full_name="Tina Walker"), program, tree["cleveland"])
    concern = make_concern(certification)
    case = open_case(certification, ohio_trainer)
    client.force_login(cleveland_coordinator)
    for url in (
        reverse("certification:organization_enrollments", args=[tree["cleveland"].slug]),
        reverse("certification:enrollment_detail", args=[learner.pk]),
        reverse("certification:concern_detail", args=[concern.reference]),
        reverse("certification:case_detail", args=[case.pk]),
    ):
        _items, links = open_with_breadcrumb(client, url)
        assert links, url


def test_every_breadcrumb_link_opens_for_trainees_and_facilitators(
    client, tree, program, certification, ohio_trainer
):
    learner = enroll(UserFactory(full_name="Tina Walker"), program, tree["cleveland"])
    client.force_login(learner.person)
    _items, links = open_with_breadcrumb(
        client, reverse("certification:enrollment_detail", args=[learner.pk])
    )
    assert set(links) == {"Your enrollments"}

    case = open_case(certification, ohio_trainer)
    client.force_login(certification.person)
    _items, links = open_with_breadcrumb(
        client, reverse("certification:case_detail", args=[case.pk])
    )
    assert set(links) == {"Decertification cases"}


# --- certificate numbers -------------------------------------------------------------------


def test_staff_reach_the_certificate_from_every_page_that_shows_its_number(
    client, tree, certification, cleveland_coordinator, ohio_trainer
):
    concern = make_concern(certification)
    case = open_case(certification, ohio_trainer)
    client.force_login(cleveland_coordinator)
    for url in (
        reverse("certification:concern_detail", args=[concern.reference]),
        reverse("certification:case_detail", args=[case.pk]),
        reverse("certification:enrollment_detail", args=[certification.enrollment_id]),
        reverse("certification:oversight_list", args=[tree["cleveland"].slug, "active"]),
    ):
        text = client.get(url).content.decode()
        assert number_link(certification) in text, url
        assert certification.display_number in text
    page = client.get(certificate_href(certification))
    assert page.status_code == 200


def test_the_holder_and_staff_elsewhere_see_the_number_unlinked(client, tree, certification):
    client.force_login(certification.person)
    text = client.get(
        reverse("certification:enrollment_detail", args=[certification.enrollment_id])
    ).content.decode()
    assert certification.display_number in text
    assert certificate_href(certification) not in text

    # A concern filed with Columbus about a certificate held in Cleveland: Columbus's
    # coordinator reviews the concern but may not open the certificate.
    concern = make_concern(certification, affiliate=tree["columbus"])
    columbus_coordinator = UserFactory(full_name="Cole Baker")
    grant(columbus_coordinator, tree["columbus"], Role.AFFILIATE_COORDINATOR)
    client.force_login(columbus_coordinator)
    text = client.get(
        reverse("certification:concern_detail", args=[concern.reference])
    ).content.decode()
    assert f'<span class="cert-number">{certification.display_number}</span>' in text
    assert certificate_href(certification) not in text
    assert client.get(certificate_href(certification)).status_code == 404
