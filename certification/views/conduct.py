"""Reading and signing a program's code of conduct, and downloading the signed copy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .. import pdf, permissions
from ..forms.conduct import ConductSignatureForm
from ..models import ConductSignature
from ..selectors.conduct import current_code_for_program_slug
from ..services.conduct import conduct_sign
from .common.form_errors import add_service_errors


def _client_ip(request):
    return request.META.get("REMOTE_ADDR") or None


@login_required
def conduct_detail(request, program_slug):
    """A program's current code of conduct to read and sign; a program that has not published
    one says so (and that the trainee will be emailed), rather than a dead end."""
    program, code = current_code_for_program_slug(program_slug)
    if code is None:
        return render(
            request,
            "certification/conduct_detail.html",
            {"program": program, "code": None},
            status=400 if request.method == "POST" else 200,
        )
    signature = ConductSignature.objects.filter(person=request.user, code=code).first()
    form = ConductSignatureForm(request.POST or None)
    status = 200
    if request.method == "POST" and signature is None:
        if form.is_valid():
            try:
                conduct_sign(
                    actor=request.user,
                    code=code,
                    typed_name=form.cleaned_data["typed_name"],
                    agreed=form.cleaned_data["agreed"],
                    ip_address=_client_ip(request),
                    user_agent=request.META.get("HTTP_USER_AGENT", ""),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Thank you. You signed the code of conduct."))
                return redirect("certification:conduct_detail", program_slug=program_slug)
        status = 400
    return render(
        request,
        "certification/conduct_detail.html",
        {"program": program, "code": code, "signature": signature, "form": form},
        status=status,
    )


@login_required
def signature_pdf(request, signature_id):
    signature = get_object_or_404(
        permissions.signatures_visible_to(request.user).select_related("code__program", "person"),
        pk=signature_id,
    )
    code = signature.code
    content = pdf.conduct_signature_pdf(
        person_name=signature.person.full_name,
        program_title=code.program.title,
        title=code.title,
        version=code.version,
        paragraphs=code.paragraphs,
        typed_name=signature.typed_name,
        signed_at=signature.signed_at,
        text_sha256=signature.text_sha256,
    )
    filename = slugify(f"code-of-conduct-{code.program.title}-v{code.version}") + ".pdf"
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
