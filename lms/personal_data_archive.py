"""The download a person takes away: one ZIP file holding `my-data.json` and their PDFs
(each certificate as it prints today, each signed copy of a code of conduct).

The PDFs come from the same functions as the pages that offer them one at a time
(`certification.pdf`), so a file in the archive is the file the person would have downloaded.
"""

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.text import slugify

from certification import pdf
from certification.dates import today
from certification.models import CertificateBranding
from certification.views.verification import verification_url

from .personal_data import PersonalData, personal_data_for

README = """\
This archive holds what Trellis keeps about you and shows you, as of {exported}.

my-data.json        your profile, training, signatures, certificates with their history,
                    training places, readiness assessments, observations, improvement plans,
                    concerns you reported and cases about you
certificates/       each certificate as it prints today (its status is printed on it)
code-of-conduct/    the signed copy of each code of conduct you signed

Notes that staff keep only for themselves are not included. To ask for them, or to have
anything corrected, write to your program's national staff.
"""


def archive_name() -> str:
    return f"trellis-my-data-{timezone.localdate():%Y-%m-%d}.zip"


def _certificate_pdf(item, *, national_name, logo) -> bytes:
    certification = item.certification
    return pdf.certificate_pdf(
        holder_name=certification.person.full_name,
        program_title=certification.program.title,
        display_number=certification.display_number,
        issued_on=certification.issued_on,
        valid_through=certification.expires_on,
        issuing_state_name=certification.issuing_state.name,
        verification_url=verification_url(certification.number),
        status=certification.status,
        status_label=certification.get_status_display(),
        status_since=item.status_since,
        printed_on=today(),
        national_name=national_name,
        trainer_name=item.trainer_name,
        logo=logo,
    )


def _signature_pdf(signature, person) -> bytes:
    code = signature.code
    return pdf.conduct_signature_pdf(
        person_name=person.full_name,
        program_title=code.program.title,
        title=code.title,
        version=code.version,
        paragraphs=code.paragraphs,
        typed_name=signature.typed_name,
        signed_at=signature.signed_at,
        text_sha256=signature.text_sha256,
    )


def build_archive(person, *, request=None, data: PersonalData | None = None) -> bytes:
    """The ZIP file's bytes for `person` (read with `personal_data_for` unless given)."""
    data = data or personal_data_for(person)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(exported=f"{timezone.localtime():%B %-d, %Y}"))
        archive.writestr(
            "my-data.json",
            json.dumps(data.data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        )
        if data.certificates:
            logo = CertificateBranding.load(request_or_site=request).logo_bytes()
            for item in data.certificates:
                certification = item.certification
                certification.person = person  # the holder is the person downloading
                archive.writestr(
                    f"certificates/certificate-{certification.file_name_number}.pdf",
                    _certificate_pdf(item, national_name=data.national_name, logo=logo),
                )
        for signature in data.signatures:
            code = signature.code
            name = slugify(f"code-of-conduct-{code.program.title}-v{code.version}")
            archive.writestr(f"code-of-conduct/{name}.pdf", _signature_pdf(signature, person))
    return buffer.getvalue()
