from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    """The oversight tree, roles, enrollments, certifications and fidelity work."""

    name = "certification"
    verbose_name = _("Certification")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from curriculum.signals import module_passed

        from .receivers import on_module_passed

        module_passed.connect(on_module_passed, dispatch_uid="certification-module-passed")
