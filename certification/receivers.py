"""Reactions to what happens in other apps."""


def on_module_passed(sender, learner, module, **kwargs):
    """A passed module can complete an enrollment's prerequisites."""
    from .services.readiness import refresh_open_enrollments

    refresh_open_enrollments(learner, actor=learner)
