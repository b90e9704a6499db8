from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    """The oversight tree, roles, enrollments, certifications and fidelity work."""

    name = "certification"
    verbose_name = _("Certification")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from curriculum.selectors import register_learner_programs
        from curriculum.signals import module_passed

        from .receivers import on_module_passed
        from .selectors.enrollments import my_enrolled_programs

        module_passed.connect(on_module_passed, dispatch_uid="certification-module-passed")
        # "My training" lists the programs a person is enrolled in, from the day they enroll.
        register_learner_programs(my_enrolled_programs)
