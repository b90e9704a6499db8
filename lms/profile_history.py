"""A person's profile changes kept in history: the name printed on certificates, and the email
address (where every notice goes, and how they sign in).

A certificate, a signature and a decision all name a person; if the name or address behind
them changes, the history must say when, from what, to what, and who made the change. So:

- the profile page changes the name through `profile_update`, which writes a
  "name on certificates changed" row with the old and new name;
- a national staff member editing a person in the Wagtail admin is recorded the same way
  (`record_profile_changes`, called by `lms.wagtail_users`);
- allauth's email management (add an address, make one primary, remove one) sends signals;
  the receivers below write "email address added / changed / removed" rows.

Each row is a `certification.HistoryEntry` about the person (`subject`), caused by whoever
made the change (`actor`): the person themselves, or staff.
"""

from allauth.account.signals import email_added, email_changed, email_removed
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext as _

from certification.errors import DomainError
from certification.models import HistoryAction, HistoryEntry

from .models import User


def _record(action, *, actor, person, **details):
    HistoryEntry.objects.create(action=action, actor=actor, subject=person, details=details)


def record_profile_changes(*, actor, person, before: dict):
    """Write the history of a person's name or primary email changing from `before` (their
    values before the change) to what they are now."""
    if before.get("full_name") is not None and before["full_name"] != person.full_name:
        _record(
            HistoryAction.PROFILE_NAME_CHANGED,
            actor=actor,
            person=person,
            old=before["full_name"],
            new=person.full_name,
        )
    if before.get("email") is not None and before["email"].lower() != person.email.lower():
        _record(
            HistoryAction.EMAIL_CHANGED,
            actor=actor,
            person=person,
            old=before["email"],
            new=person.email,
        )


@transaction.atomic
def profile_update(*, actor, person, full_name: str, preferred_language: str) -> User:
    """A person changes their own name (as it is printed on certificates) and language.

    A change of name is written to history with the old and new name.
    """
    if actor is None or actor.pk != person.pk:
        raise PermissionDenied(_("You can only change your own profile."))
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise DomainError({"full_name": _("Write your full name, as on a certificate.")})
    person = User.objects.select_for_update().get(pk=person.pk)
    before = {"full_name": person.full_name}
    person.full_name = full_name
    person.preferred_language = preferred_language
    person.save(update_fields=["full_name", "preferred_language"])
    record_profile_changes(actor=actor, person=person, before=before)
    return person


# --- allauth's email management ------------------------------------------------------------


def _causing_person(request, user):
    """Who changed the address: the signed-in person, or (confirming a link while signed out)
    the account's owner, who proved they hold the address."""
    person = getattr(request, "user", None)
    return person if person is not None and person.is_authenticated else user


@receiver(email_added)
def on_email_added(sender, request, user, email_address, **kwargs):
    person = email_address.user
    _record(
        HistoryAction.EMAIL_ADDED,
        actor=_causing_person(request, person),
        person=person,
        email=email_address.email,
    )


@receiver(email_changed)
def on_email_changed(sender, request, user, from_email_address, to_email_address, **kwargs):
    old = from_email_address.email if from_email_address is not None else ""
    if old.lower() == to_email_address.email.lower():
        return
    _record(
        HistoryAction.EMAIL_CHANGED,
        actor=_causing_person(request, user),
        person=user,
        old=old,
        new=to_email_address.email,
    )


@receiver(email_removed)
def on_email_removed(sender, request, user, email_address, **kwargs):
    _record(
        HistoryAction.EMAIL_REMOVED,
        actor=_causing_person(request, user),
        person=user,
        email=email_address.email,
    )
