"""Who sees a concern: the affiliate's coordinators, the state's trainers and national staff,
nobody else, never the facilitator it is about. A confidential reporter is known to state and
national staff only. The list and the detail page always agree."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certification import permissions
from certification.models import Role, SystemCause
from certification.services.fidelity import concerns as svc
from tests.certification.conftest import issue
from tests.factories import UserFactory, grant

REVIEWERS = ("cleveland_coordinator", "ohio_trainer", "national_staff")
NOT_REVIEWERS = ("dayton_coordinator", "texas_trainer", "outsider", "facilitator")
SEES_CONFIDENTIAL = ("ohio_trainer", "national_staff")


@pytest.fixture
def reporter(db):
    return UserFactory(full_name="Rita Quill", email="rita.quill@example.org")


@pytest.fixture
def concern(certification, reporter):
    return svc.concern_report(
        actor=reporter,
        certification=certification,
        category="privacy",
        what_happened="Talked about a member's diagnosis outside the group.",
        happened_on=datetime.date(2025, 2, 1),
        setting="group",
        reporter_is_confidential=True,
        attachments=[SimpleUploadedFile("n.txt", b"plain words", content_type="text/plain")],
    )


@pytest.fixture
def everyone(request, cleveland_coordinator, dayton_coordinator, ohio_trainer, texas_trainer):
    return {name: request.getfixturevalue(name) for name in REVIEWERS + NOT_REVIEWERS}


def detail_url(concern):
    return reverse("certification:concern_detail", args=[concern.reference])


@pytest.mark.parametrize("who", REVIEWERS + NOT_REVIEWERS)
def test_visibility_by_role(concern, everyone, who):
    user = everyone[who]
    expected = who in REVIEWERS
    assert permissions.can_view_concern(user, concern) is expected
    assert permissions.concerns_visible_to(user).filter(pk=concern.pk).exists() is expected


@pytest.mark.parametrize("who", REVIEWERS + NOT_REVIEWERS)
def test_list_and_detail_agree(client, concern, everyone, who):
    user = everyone[who]
    client.force_login(user)
    detail = client.get(detail_url(concern))
    attachment = concern.attachments.get()
    download = client.get(
        reverse("certification:concern_attachment", args=[concern.reference, attachment.pk])
    )
    listing = client.get(reverse("certification:concern_list"))
    if who in REVIEWERS:
        assert detail.status_code == 200
        assert download.status_code == 200
        assert listing.status_code == 200
        assert concern.reference in listing.content.decode()
    else:
        assert detail.status_code == 404
        assert download.status_code == 404
        # Reviewers elsewhere get their own list; people with no review role, a refusal.
        assert listing.status_code == (
            200 if who in ("dayton_coordinator", "texas_trainer") else 403
        )
        assert concern.reference not in listing.content.decode()


def test_anonymous_is_sent_to_sign_in(client, concern, anonymous):
    for url in (detail_url(concern), reverse("certification:concern_list")):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert (
        permissions.concerns_visible_to(
            __import__("django.contrib.auth.models", fromlist=["AnonymousUser"]).AnonymousUser()
        ).count()
        == 0
    )


@pytest.mark.parametrize("who", REVIEWERS)
def test_confidential_reporter_is_known_to_state_and_national_only(client, concern, everyone, who):
    user = everyone[who]
    client.force_login(user)
    page = client.get(detail_url(concern)).content.decode()
    sees = who in SEES_CONFIDENTIAL
    assert permissions.can_see_reporter(user, concern) is sees
    assert ("Rita Quill" in page) is sees
    assert ("rita.quill@example.org" in page) is sees
    if not sees:
        assert "Confidential reporter" in page
        assert "by a confidential reporter" in page  # the timeline hides who sent it


def test_reporter_who_is_not_confidential_is_shown_to_coordinators(
    client, certification, reporter, cleveland_coordinator
):
    concern = svc.concern_report(
        actor=reporter,
        certification=certification,
        category="other",
        what_happened="x",
        happened_on=None,
        setting="class",
    )
    client.force_login(cleveland_coordinator)
    page = client.get(detail_url(concern)).content.decode()
    assert "Rita Quill" in page and "Confidential reporter" not in page


def test_subject_never_sees_the_concern_even_as_a_reviewer(
    client, concern, facilitator, cleveland, ohio
):
    """The facilitator holds a coordinator role at their own affiliate and a trainer role in
    their state: they review others' concerns, never one about themselves."""
    grant(facilitator, cleveland, Role.AFFILIATE_COORDINATOR)
    grant(facilitator, ohio, Role.STATE_TRAINER)
    other = issue(UserFactory(full_name="Gail Other"), concern.program, cleveland)
    other_concern = svc.concern_report(
        actor=None,
        certification=other,
        category="other",
        what_happened="x",
        happened_on=None,
        setting="class",
    )
    assert not permissions.can_view_concern(facilitator, concern)
    assert not permissions.can_manage_concern(facilitator, concern)
    assert not permissions.can_see_reporter(facilitator, concern)
    client.force_login(facilitator)
    assert client.get(detail_url(concern)).status_code == 404
    listing = client.get(reverse("certification:concern_list")).content.decode()
    assert concern.reference not in listing
    assert other_concern.reference in listing
    assert (
        concern.reference
        not in client.get(reverse("certification:my_concern_reports")).content.decode()
    )


def test_reporter_sees_status_only(client, concern, reporter, ohio_trainer):
    svc.concern_note_add(actor=ohio_trainer, concern=concern, text="Secret-note-7731")
    client.force_login(reporter)
    assert client.get(detail_url(concern)).status_code == 404
    mine = client.get(reverse("certification:my_concern_reports")).content.decode()
    assert concern.reference in mine and "Received" in mine
    assert "Secret-note-7731" not in mine and "Frank Hollis" not in mine
    assert list(permissions.concerns_reported_by(reporter)) == [concern]


def test_reviewers_of_another_state_or_affiliate_see_none_of_it(
    concern, dayton_coordinator, texas_trainer, austin, program
):
    texan = issue(UserFactory(), program, austin)
    texas_concern = svc.concern_report(
        actor=None,
        certification=texan,
        category="other",
        what_happened="x",
        happened_on=None,
        setting="class",
    )
    assert list(permissions.concerns_visible_to(texas_trainer)) == [texas_concern]
    assert list(permissions.concerns_visible_to(dayton_coordinator)) == []


def test_revoked_grant_loses_sight(concern, cleveland_coordinator):
    from certification.models import RoleGrant
    from certification.services.organizations import role_revoke

    role_revoke(
        actor=None,
        system_cause=SystemCause.SETUP,
        grant=RoleGrant.objects.get(user=cleveland_coordinator),
    )
    assert not permissions.can_view_concern(cleveland_coordinator, concern)
    assert not permissions.concerns_visible_to(cleveland_coordinator).exists()
