"""The header's links: each role sees the parts of the site it uses, and only those.

Proves: a new account sees its training; a coordinator, trainer and national staff see
oversight, concerns and cases (trainers and national staff also events, national staff the
admin) and no training page unless they are enrolled themselves; a certified facilitator sees
their certificates, and cases only once a case is open about them; each link offered opens;
the current section is marked with aria-current; the links cost one query, worked out only
when a page shows the header, once per request.
"""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Page

from curriculum.models import ProgramPage, TrainingIndexPage
from lms.context_processors import navigation, navigation_flags, navigation_for
from tests.factories import UserFactory

from ..certification.conftest import enroll
from ..certification.fidelity.test_case_services import issue_on_fixed_date, open_case


def header_links(client, url=None):
    """(label, href, is current) of each link in the main navigation of a page."""
    text = client.get(url or reverse("dashboard")).content.decode()
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', text, re.S).group(1)
    return [
        (label.strip(), href, "aria-current" in attrs)
        for href, attrs, label in re.findall(r'<a href="([^"]+)"([^>]*)>([^<]+)</a>', nav)
    ]


def labels(client, url=None):
    return [label for label, _href, _current in header_links(client, url)]


@pytest.fixture
def program(db):
    """A live "Peer Mentor" program under a training index (as in tests/certification)."""
    home = Page.objects.get(depth=2)
    index = home.add_child(instance=TrainingIndexPage(title="Training", slug="training"))
    return index.add_child(instance=ProgramPage(title="Peer Mentor", slug="peer-mentor"))


@pytest.fixture
def facilitator(tree, program):
    person = UserFactory(full_name="Felix Moreno")
    issue_on_fixed_date(person, program, tree["cleveland"])
    return person


def test_a_new_account_sees_its_training(client, trainee):
    client.force_login(trainee)
    assert labels(client) == ["Dashboard", "My training", "Profile"]


def test_a_coordinator_sees_what_reviewers_use(client, cleveland_coordinator):
    client.force_login(cleveland_coordinator)
    assert labels(client) == ["Dashboard", "Oversight", "Concerns", "Cases", "Profile"]


def test_a_trainer_also_sees_events(client, ohio_trainer):
    client.force_login(ohio_trainer)
    assert labels(client) == ["Dashboard", "Events", "Oversight", "Concerns", "Cases", "Profile"]


def test_national_staff_also_see_the_admin(client, national_staff):
    client.force_login(national_staff)
    assert labels(client) == [
        "Dashboard",
        "Events",
        "Oversight",
        "Concerns",
        "Cases",
        "Admin",
        "Profile",
    ]


def test_a_facilitator_sees_training_and_certificates_and_a_case_once_open(
    client, facilitator, ohio_trainer
):
    client.force_login(facilitator)
    assert labels(client) == ["Dashboard", "My training", "My certificates", "Profile"]
    open_case(facilitator.certifications.get(), ohio_trainer)
    assert labels(client) == ["Dashboard", "My training", "My certificates", "Cases", "Profile"]


def test_a_coordinator_who_is_also_training_sees_their_training(
    client, cleveland_coordinator, program, tree
):
    enroll(cleveland_coordinator, program, tree["cleveland"])
    client.force_login(cleveland_coordinator)
    assert "My training" in labels(client)


@pytest.mark.parametrize(
    "who", ["trainee", "facilitator", "cleveland_coordinator", "ohio_trainer", "national_staff"]
)
def test_every_link_offered_opens(client, request, who, program):
    client.force_login(request.getfixturevalue(who))
    for label, href, _current in header_links(client):
        response = client.get(href, follow=True)
        assert response.status_code == 200, (label, href)


def test_the_current_section_is_marked(client, ohio_trainer):
    client.force_login(ohio_trainer)
    links = header_links(client, reverse("certification:event_list"))
    assert [label for label, _href, current in links if current] == ["Events"]
    links = header_links(client, reverse("certification:concern_list"))
    assert [label for label, _href, current in links if current] == ["Concerns"]
    links = header_links(client, reverse("dashboard"))
    assert [label for label, _href, current in links if current] == ["Dashboard"]


def test_visitors_see_sign_in_and_create_account(client, db):
    text = client.get(reverse("account_login")).content.decode()
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', text, re.S).group(1)
    assert "Sign in" in nav and "Create an account" in nav
    assert "Dashboard" not in nav


def test_the_admin_flag_agrees_with_wagtail(national_staff, cleveland_coordinator, trainee):
    for person in (national_staff, cleveland_coordinator, trainee):
        expected = person.has_perm("wagtailadmin.access_admin")
        assert navigation_flags(person)["wagtail_admin"] is expected


@pytest.mark.parametrize("who", ["trainee", "cleveland_coordinator", "national_staff"])
def test_one_query_once_per_request_and_none_unless_shown(
    request, who, django_assert_num_queries, program
):
    person = request.getfixturevalue(who)
    web_request = RequestFactory().get(reverse("dashboard"))
    web_request.user = person
    with django_assert_num_queries(0):
        context = navigation(web_request)  # nothing runs until a template reads it
    with django_assert_num_queries(1):
        items = list(context["navigation"])
    assert items
    with django_assert_num_queries(0):
        assert navigation_for(web_request) == items
        assert list(navigation(web_request)["navigation"]) == items


def test_a_visitor_costs_nothing(db, django_assert_num_queries):
    web_request = RequestFactory().get("/")
    web_request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert list(navigation(web_request)["navigation"]) == []


def test_a_superuser_without_roles_sees_every_staff_link(client, tree):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    found = labels(client)
    for label in ("Events", "Oversight", "Concerns", "Cases", "Admin"):
        assert label in found
    assert "My training" not in found
