from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import privacy_views, restricted_content, views

# Every sign-in goes through allauth, with its failed sign-in limits and the second factor:
# the admins' own login and password reset forms, and Wagtail's sign-in for restricted pages,
# would skip both, so they lead there instead.
_to_allauth_login = RedirectView.as_view(pattern_name="account_login", query_string=True)
_to_allauth_reset = RedirectView.as_view(pattern_name="account_reset_password")

urlpatterns = [
    path("django-admin/login/", _to_allauth_login),
    path("admin/login/", _to_allauth_login),
    path("_util/login/", _to_allauth_login),
    # Wagtail's password forms for restricted pages and documents, going back to a path only.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        restricted_content.page_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        restricted_content.document_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    re_path(r"^admin/password_reset/", _to_allauth_reset),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("profile/", views.profile, name="profile"),
    path("profile/my-data/", privacy_views.my_data_download, name="my_data_download"),
    path("profile/close/", privacy_views.close_my_account, name="close_my_account"),
    path("account-closed/", privacy_views.account_closed, name="account_closed"),
    path(
        "people/<int:person_id>/close/",
        privacy_views.close_account_for_person,
        name="close_account_for_person",
    ),
    path("", include("certification.urls")),
    path("", include("curriculum.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
