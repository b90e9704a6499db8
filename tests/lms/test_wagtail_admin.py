"""The Wagtail admin works with Trellis's person model and signs people in through allauth."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import UserFactory


def test_admin_sign_in_goes_through_allauth(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_superuser_adds_and_edits_a_person_with_a_full_name(client, db):
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    assert client.get(reverse("wagtailusers_users:add")).status_code == 200
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "marisol@example.org",
            "full_name": "Marisol Ortega",
            "preferred_language": "es",
            "password1": "a-long-admin-set-pass-3",
            "password2": "a-long-admin-set-pass-3",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person = get_user_model().objects.get(email="marisol@example.org")
    assert (person.full_name, person.preferred_language) == ("Marisol Ortega", "es")

    edit_url = reverse("wagtailusers_users:edit", args=[person.pk])
    page = client.get(edit_url).content.decode()
    assert "Marisol Ortega" in page
    assert "first_name" not in page
    response = client.post(
        edit_url,
        {
            "email": "marisol@example.org",
            "full_name": "Marisol Ortega Ruiz",
            "preferred_language": "es",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Marisol Ortega Ruiz"


def test_national_staff_find_organizations_in_the_admin_menu(client, national_staff):
    client.force_login(national_staff)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert reverse("organizations:index") in response.content.decode()
