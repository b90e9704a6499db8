"""Serve each signed-in person in the language they chose in their profile."""

from django.utils import translation


class PreferredLanguageMiddleware:
    """Activate the signed-in person's preferred language for the rest of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
