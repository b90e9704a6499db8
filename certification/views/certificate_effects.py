"""What each change of a certificate's standing will do, in the words its confirmation page
shows (`confirmation.py`). Each sentence says only what the service really does: who is
emailed is who `services/certificates.py` emails."""

from django.utils.translation import gettext as _

from .common import confirmation


def _suspend_effect(certification, data):
    name = certification.person.full_name
    return confirmation.Effect(
        heading=_("Suspend %(name)s's certificate?") % {"name": name},
        sentences=[
            _(
                "%(name)s's %(program)s certificate %(number)s will be suspended: they may not "
                "serve under it until it is reinstated."
            )
            % _certificate_words(certification),
            _(
                "%(name)s is emailed the reason. The public verification page shows "
                "“Suspended”, never the reason."
            )
            % {"name": name},
        ],
        confirm=_("Yes, suspend the certificate"),
    )


def _reinstate_effect(certification, data):
    name = certification.person.full_name
    return confirmation.Effect(
        heading=_("Reinstate %(name)s's certificate?") % {"name": name},
        sentences=[
            _("%(name)s's %(program)s certificate %(number)s will be active again.")
            % _certificate_words(certification),
            _("%(name)s is emailed the reason.") % {"name": name},
        ],
        confirm=_("Yes, reinstate the certificate"),
        danger=False,
    )


def _transfer_effect(certification, data):
    name = certification.person.full_name
    return confirmation.Effect(
        heading=_("Transfer %(name)s's certificate?") % {"name": name},
        sentences=[
            _(
                "%(name)s's %(program)s certificate %(number)s will move from %(from)s to "
                "%(to)s. It keeps its number and its history."
            )
            % {
                **_certificate_words(certification),
                "from": certification.affiliate.name,
                "to": data["affiliate"].name,
            },
            _("No one is emailed."),
        ],
        confirm=_("Yes, transfer the certificate"),
        danger=False,
    )


def _certificate_words(certification):
    return {
        "name": certification.person.full_name,
        "program": certification.program.title,
        "number": certification.display_number,
    }


# The actions that change the holder's standing: each is confirmed first, in these words.
EFFECTS = {
    "suspend": _suspend_effect,
    "reinstate": _reinstate_effect,
    "transfer": _transfer_effect,
}
