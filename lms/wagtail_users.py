"""Wagtail's user admin, adapted to a person with one full name and a preferred language.

Wagtail's own forms ask for first and last names, which Trellis does not keep: a certificate
shows the name the way the person writes it.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

PERSON_FIELDS = ["email", "full_name", "preferred_language", "is_superuser", "groups"]


class PersonCreationForm(UserCreationForm):
    first_name = None
    last_name = None

    class Meta(UserCreationForm.Meta):
        fields = PERSON_FIELDS
        widgets = {"groups": forms.CheckboxSelectMultiple}
        labels = {"full_name": _("Full name")}


class PersonEditForm(UserEditForm):
    first_name = None
    last_name = None

    class Meta(UserEditForm.Meta):
        fields = [*PERSON_FIELDS, "is_active"]
        widgets = {"groups": forms.CheckboxSelectMultiple}
        labels = {"full_name": _("Full name")}


class UserViewSet(WagtailUserViewSet):
    template_prefix = "wagtailusers/users/"

    def get_form_class(self, for_update=False):
        return PersonEditForm if for_update else PersonCreationForm
