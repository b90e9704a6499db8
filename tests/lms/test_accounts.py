"""Accounts through the real allauth views: sign up, verify the email, sign in, reset."""

import re

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
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
