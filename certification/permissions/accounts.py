"""Who may close an account: the person themself, or national staff at the person's request.

Closing an account removes a person's details for good (`lms.account_closing`), so nobody
else below national staff may do it, whatever authority they hold over the person's
affiliate or certificates.
"""

from django.contrib.auth import get_user_model

from .organizations import is_national_staff


def can_close_account(user, person) -> bool:
    """Close `person`'s account: themself, or national staff (pairs with
    `accounts_closable_by`). An account already closed is not closable again."""
    if not user.is_authenticated or person.closed_at is not None:
        return False
    return user.pk == person.pk or is_national_staff(user)


def accounts_closable_by(user):
    """The open accounts `user` may close (pairs with `can_close_account`)."""
    people = get_user_model()._default_manager.filter(closed_at__isnull=True)
    if not user.is_authenticated:
        return people.none()
    if is_national_staff(user):
        return people
    return people.filter(pk=user.pk)
