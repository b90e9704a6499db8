"""Wagtail's user admin, adapted to a person with one full name and a preferred language.

Wagtail's own forms ask for first and last names, which Trellis does not keep: a certificate
shows the name the way the person writes it.
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import EditView as WagtailUserEditView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .profile_history import record_profile_changes

PERSON_FIELDS = ["email", "full_name", "preferred_language", "is_superuser", "groups"]


class PersonCreationForm(UserCreationForm):
    first_name = None
    last_name = None

    class Meta(UserCreationForm.Meta):
        fields = PERSON_FIELDS
        widgets = {"groups": forms.CheckboxSelectMultiple}
        labels = {"full_name": _("Full name")}


class PersonEditForm(UserEditForm):
    """A person's details. A closed account's form is read-only: closing removed the person's
    details and disabled sign-in for good, so nobody can reactivate it or give it a password
    (a person who comes back signs up for a new account)."""

    first_name = None
    last_name = None

    class Meta(UserEditForm.Meta):
        fields = [*PERSON_FIELDS, "is_active"]
        widgets = {"groups": forms.CheckboxSelectMultiple}
        labels = {"full_name": _("Full name")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.closed_at is not None:
            for field in self.fields.values():
                field.disabled = True


class PersonEditView(WagtailUserEditView):
    """Wagtail's user edit, with a change of name or email kept in the person's history."""

    def save_instance(self):
        before = {field: self.form.initial.get(field) for field in ("full_name", "email")}
        with transaction.atomic():
            instance = super().save_instance()
            record_profile_changes(actor=self.request.user, person=instance, before=before)
        return instance


class UserViewSet(WagtailUserViewSet):
    template_prefix = "wagtailusers/users/"
    edit_view_class = PersonEditView

    def get_form_class(self, for_update=False):
        return PersonEditForm if for_update else PersonCreationForm
