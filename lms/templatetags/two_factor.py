"""What a person's two-factor sign-in is made of, for the pages that ask for it or manage it.

The sign-in step after the password offers what the person has set up: a code from an
authenticator app, a security key, or both (a recovery code is typed where the app's code
goes). allauth's page knows only which kinds the site supports, so the template asks here.
"""

from allauth.mfa.models import Authenticator
from django import template

register = template.Library()
_CACHE_ATTRIBUTE = "_trellis_second_factor_kinds"


@register.simple_tag
def second_factor_kinds(user) -> dict:
    """`{"totp": bool, "webauthn": bool}` for `user`, in one query however often a page asks
    (the title and the body both do)."""
    if user is None or user.pk is None:
        return {"totp": False, "webauthn": False}
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    kinds = set(
        Authenticator.objects.filter(
            user_id=user.pk,
            type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN],
        )
        .values_list("type", flat=True)
        .distinct()
    )
    answer = {
        "totp": Authenticator.Type.TOTP in kinds,
        "webauthn": Authenticator.Type.WEBAUTHN in kinds,
    }
    setattr(user, _CACHE_ATTRIBUTE, answer)
    return answer
