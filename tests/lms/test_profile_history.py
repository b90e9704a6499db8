"""Profile changes are kept in history: the name printed on certificates (changed on the profile
page, or by staff in the Wagtail admin) and the email address (allauth's email management),
each with the old and new value and who made the change. National staff read them in the
admin history."""

from allauth.account.models import EmailAddress
from django.urls import reverse

from certification.models import HistoryAction, HistoryEntry
from tests.factories import UserFactory

PROFILE = reverse("profile")
EMAIL = reverse("account_email")


def save_profile(client, name, language="en"):
    return client.post(
        PROFILE,
        {
            "profile-full_name": name,
            "profile-preferred_language": language,
            "save_profile": "",
        },
    )


def rows(action, person):
    return list(HistoryEntry.objects.filter(action=action, subject=person).order_by("id"))


# --- the name on certificates -------------------------------------------------------------


def test_a_new_name_is_kept_in_history_with_the_old_one(client, trainee):
    old = trainee.full_name
    client.force_login(trainee)
    assert save_profile(client, "Tina  M. Walker ").status_code == 302
    trainee.refresh_from_db()
    assert trainee.full_name == "Tina M. Walker"
    [row] = rows(HistoryAction.PROFILE_NAME_CHANGED, trainee)
    assert row.actor == trainee
    assert row.details == {"old": old, "new": "Tina M. Walker"}


def test_saving_the_same_name_writes_no_history(client, trainee):
    client.force_login(trainee)
    assert save_profile(client, trainee.full_name, language="es").status_code == 302
    trainee.refresh_from_db()
    assert trainee.preferred_language == "es"
    assert rows(HistoryAction.PROFILE_NAME_CHANGED, trainee) == []


def test_a_refused_name_changes_nothing(client, trainee):
    old = trainee.full_name
    client.force_login(trainee)
    assert save_profile(client, "   ").status_code == 400
    trainee.refresh_from_db()
    assert trainee.full_name == old
    assert rows(HistoryAction.PROFILE_NAME_CHANGED, trainee) == []


def test_an_administrator_changing_a_name_in_the_admin_is_named(client, db):
    person = UserFactory(full_name="Robin Hayes", email="robin@example.org")
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post(
        reverse("wagtailusers_users:edit", args=[person.pk]),
        {
            "email": "robin@example.org",
            "full_name": "Robin A. Hayes",
            "preferred_language": "en",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.full_name == "Robin A. Hayes"
    [row] = rows(HistoryAction.PROFILE_NAME_CHANGED, person)
    assert row.actor == admin
    assert row.details == {"old": "Robin Hayes", "new": "Robin A. Hayes"}


# --- the email address --------------------------------------------------------------------


def test_adding_switching_and_removing_an_email_address_are_kept(client, trainee):
    old = trainee.email
    client.force_login(trainee)
    response = client.post(EMAIL, {"action_add": "", "email": "tina.new@example.org"})
    assert response.status_code == 302
    [added] = rows(HistoryAction.EMAIL_ADDED, trainee)
    assert (added.actor, added.details) == (trainee, {"email": "tina.new@example.org"})

    # Confirmed (the link in the email), then made the address Trellis writes to.
    EmailAddress.objects.filter(email="tina.new@example.org").update(verified=True)
    response = client.post(EMAIL, {"action_primary": "", "email": "tina.new@example.org"})
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.email == "tina.new@example.org"
    [changed] = rows(HistoryAction.EMAIL_CHANGED, trainee)
    assert changed.actor == trainee
    assert changed.details == {"old": old, "new": "tina.new@example.org"}

    response = client.post(EMAIL, {"action_remove": "", "email": old})
    assert response.status_code == 302
    [removed] = rows(HistoryAction.EMAIL_REMOVED, trainee)
    assert (removed.actor, removed.details) == (trainee, {"email": old})


# --- national staff read them in the admin history -----------------------------------------


def test_national_staff_see_profile_changes_in_the_admin_history(
    client, trainee, national_staff, ohio_trainer
):
    old = trainee.full_name
    client.force_login(trainee)
    save_profile(client, "Tina Walker-Reyes")
    url = reverse("history:index")
    client.force_login(national_staff)
    response = client.get(url, {"action": HistoryAction.PROFILE_NAME_CHANGED})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Name on certificates changed" in text
    assert old in text and "Tina Walker-Reyes" in text
    client.force_login(ohio_trainer)
    refused = client.get(url)
    assert refused.status_code in (302, 403)
    assert "Tina Walker-Reyes" not in refused.content.decode()
