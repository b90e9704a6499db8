"""Wagtail's password forms for a restricted page or document, keeping the address they go back
to a path of this site.

Wagtail checks that the form's hidden `return_url` does not lead to another site, then hands it
to Django's `redirect`, which reads a value without "/" or "." as the name of a view: a
`return_url` of "abc" with the right password raised NoReverseMatch, a 500 instead of the page
(found by the form fuzzing tests, `tests/property/test_forms_profile_privacy.py`). Anything
that is not a path now goes to the home page; everything else is Wagtail's own view.
"""

from wagtail import views as page_views
from wagtail.documents.views import serve as document_views


def _return_to_a_path(request):
    if request.method == "POST" and not request.POST.get("return_url", "").startswith("/"):
        data = request.POST.copy()
        data["return_url"] = "/"
        request.POST = data


def page_password(request, page_view_restriction_id, page_id):
    _return_to_a_path(request)
    return page_views.authenticate_with_password(request, page_view_restriction_id, page_id)


def document_password(request, restriction_id):
    _return_to_a_path(request)
    return document_views.authenticate_with_password(request, restriction_id)
