"""Accounts through the real allauth views: sign up, verify the email, sign in, reset."""

import html
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

SIGNUP = {
    "full_name": "Rosa Martinez",
    "email": "rosa@example.org",
    "password1": "a-long-new-password-77",
    "password2": "a-long-new-password-77",
    "preferred_language": "es",
}


def confirmation_link(message):
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


def test_sign_up_verify_and_sign_in(client, db):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")

    user = get_user_model().objects.get(email="rosa@example.org")
    assert user.full_name == "Rosa Martinez"
    assert user.preferred_language == "es"
    assert not EmailAddress.objects.get(user=user).verified

    # Until the address is verified, signing in only sends the person to verify it.
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "rosa@example.org", "password": SIGNUP["password1"]}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("dashboard")).status_code == 302

    assert len(mail.outbox) >= 1
    link = confirmation_link(mail.outbox[0])
    assert client.get(link).status_code == 200  # a page with a Confirm button, not a GET change
    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    response = client.post(
        reverse("account_login"), {"login": "ROSA@example.org", "password": SIGNUP["password1"]}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.status_code == 200


def test_sign_up_refuses_a_missing_name_with_the_error_tied_to_the_field(client, db):
    response = client.post(reverse("account_signup"), {**SIGNUP, "full_name": ""})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'aria-invalid="true"' in content
    assert 'aria-describedby="id_full_name_helptext id_full_name_error"' in content
    assert "This field is required." in content
    assert not get_user_model().objects.exists()


def test_sign_up_with_a_taken_email_does_not_reveal_the_account(client, db):
    """Someone probing addresses learns nothing; the owner gets an email saying so."""
    UserFactory(email="taken@example.org")
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "Taken@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert get_user_model().objects.count() == 1
    assert mail.outbox[-1].to == ["taken@example.org"]
    assert "already" in mail.outbox[-1].body.lower()


def test_wrong_password_gets_a_message(client, db):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "nope"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_password_reset_sends_a_link_that_works(client, db):
    user = UserFactory(email="reset@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "reset@example.org"})
    assert response.status_code == 302
    body = mail.outbox[-1].body
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(
        form_url, {"password1": "another-long-password-9", "password2": "another-long-password-9"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-password-9")


def test_password_change_requires_the_old_password(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "wrong",
            "password1": "brand-new-pass-55",
            "password2": "brand-new-pass-55",
        },
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_email_is_the_login_and_is_unique_whatever_the_case(db):
    User = get_user_model()
    assert User.USERNAME_FIELD == "email"
    UserFactory(email="case@example.org")
    assert User.objects.get_by_natural_key("CASE@example.org").email == "case@example.org"


def test_logout_is_a_post(client, db):
    client.force_login(UserFactory())
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302


def test_wagtail_front_end_login_goes_through_allauth(client, db):
    """A Wagtail page restricted to signed-in people sends visitors to allauth's sign-in."""
    from wagtail.models import Page, PageViewRestriction

    home = Page.objects.get(depth=2)
    PageViewRestriction.objects.create(page=home, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/"


# --- invitations survive sign-up (issue 9, item 8) -----------------------------------------


@pytest.fixture
def invitation(tree, cleveland_coordinator, django_capture_on_commit_callbacks):
    from wagtail.models import Page

    from certification.services.enrollments import enrollment_invite
    from curriculum.models import ProgramPage, TrainingIndexPage

    index = Page.objects.get(depth=2).add_child(
        instance=TrainingIndexPage(title="Training", slug="training")
    )
    program = index.add_child(instance=ProgramPage(title="Peer Mentor", slug="peer-mentor"))

    with django_capture_on_commit_callbacks(execute=True):
        return enrollment_invite(
            actor=cleveland_coordinator,
            email=SIGNUP["email"],
            program=program,
            affiliate=tree["cleveland"],
        )


def confirmation_email():
    return [m for m in mail.outbox if "/accounts/confirm-email/" in m.body][-1]


def test_an_invited_person_signs_up_confirms_and_lands_on_the_invitation(
    client, invitation, django_capture_on_commit_callbacks
):
    """The whole chain in one browser: invitation link → create an account (address filled
    in) → confirmation email → confirm → signed in, on the invitation → accept."""
    invitation_path = reverse("certification:invitation_accept", args=[invitation.token])
    page = client.get(invitation_path).content.decode()
    signup_url = html.unescape(re.search(r'href="(/accounts/signup/\?[^"]+)"', page).group(1))

    form = client.get(signup_url).content.decode()
    assert 'value="rosa@example.org"' in form  # the invited address, filled in
    assert f'name="next" value="{invitation_path}"' in form

    response = client.post(signup_url, {**SIGNUP, "next": invitation_path})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(invitation_path).wsgi_request.user.is_anonymous

    link = confirmation_link(confirmation_email())
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == invitation_path
    page = client.get(invitation_path)
    assert page.wsgi_request.user.email == "rosa@example.org"
    assert "Accept and enroll" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(invitation_path, follow=True).content.decode()
    assert "You are enrolled in Peer Mentor with Cleveland Peer Support." in accepted
    invitation.refresh_from_db()
    assert invitation.enrollment.person.email == "rosa@example.org"


def test_a_confirmation_link_opened_in_another_browser_leads_to_sign_in_then_the_invitation(
    client, invitation
):
    invitation_path = reverse("certification:invitation_accept", args=[invitation.token])
    client.post(f"{reverse('account_signup')}?next={invitation_path}", SIGNUP)
    link = confirmation_link(confirmation_email())

    phone = Client()
    response = phone.post(link)
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url.startswith(reverse("account_login"))
    assert phone.get(reverse("dashboard")).status_code == 302  # not signed in by the link
    response = phone.post(login_url, {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert response.status_code == 302
    assert response["Location"] == invitation_path
    dashboard = phone.get(reverse("dashboard")).content.decode()
    assert "Invitations waiting for you" in dashboard


def test_signing_up_from_the_home_page_still_finds_the_invitation(client, invitation):
    client.post(reverse("account_signup"), SIGNUP)
    response = client.post(confirmation_link(confirmation_email()))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "certification:invitation_accept", args=[invitation.token]
    )


def test_without_an_invitation_confirming_leads_to_the_dashboard(client, db):
    client.post(reverse("account_signup"), SIGNUP)
    response = client.post(confirmation_link(confirmation_email()))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


# --- the site's name and words (issue 9, item 9) -------------------------------------------


def test_the_confirmation_email_names_trellis(client, db):
    client.post(reverse("account_signup"), SIGNUP)
    message = confirmation_email()
    assert message.subject == "[Trellis] Confirm your email address"
    assert "Hello from Trellis!" in message.body
    assert "Rosa Martinez used this email address for a Trellis account." in message.body
    assert "example.com" not in message.body
    assert "testserver:" not in message.body.replace("http://testserver/", "")


BANNED_WORDS = ("Sign Up", "Signup", "Sign In", "Log in", "Log In", "Login", "Sign Out")


def visible_words(response):
    """The page's text and attribute values people see, without the markup's names."""
    content = response.content.decode()
    content = re.sub(r'(name|id|for|class|href|action|autocomplete)="[^"]*"', "", content)
    return content


def test_account_pages_use_the_sites_words(client, db):
    signup = visible_words(client.get(reverse("account_signup")))
    assert "<title>Create an account · Trellis</title>" in signup
    assert re.search(r"<h1>\s*Create an account\s*</h1>", signup)
    assert re.search(r'type="submit"\s*>\s*Create an account\s*</button>', signup)
    assert ">Sign in</a>" in signup

    login = visible_words(client.get(reverse("account_login")))
    assert "<title>Sign in · Trellis</title>" in login
    assert re.search(r"<h1>\s*Sign in\s*</h1>", login)
    assert re.search(r'type="submit"\s*>\s*Sign in\s*</button>', login)
    assert ">Create an account</a>" in login

    client.force_login(UserFactory())
    logout = visible_words(client.get(reverse("account_logout")))
    assert re.search(r"<h1>\s*Sign out\s*</h1>", logout)
    for page in (signup, login, logout):
        for word in BANNED_WORDS:
            assert word not in page, word
