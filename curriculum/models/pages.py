"""Training content as Wagtail pages: the training index, programs and their modules.

Pages hold content only. What a learner has done lives in `curriculum.models.learning`.
A module can appear in more than one program as a Wagtail *alias* of one original page, so
editors change it once and a learner's pass counts in every program that uses it.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from ..blocks import QuestionStreamBlock, SectionBlock
from ..routing import SingleTypeChildrenMixin


class LearnerPageMixin:
    """Training pages are for signed-in people only, and never cached by browsers or proxies:
    they show a person's own progress."""

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        response = super().serve(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        return response


class TrainingIndexPage(SingleTypeChildrenMixin, LearnerPageMixin, Page):
    """The one page at /training/ that lists the programs."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["curriculum.ProgramPage"]
    child_page_model = "curriculum.ProgramPage"
    max_count = 1

    class Meta:
        verbose_name = _("training index")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import programs_for_index

        context = super().get_context(request, *args, **kwargs)
        context["programs"] = programs_for_index(self, request.user)
        return context


class ProgramPage(SingleTypeChildrenMixin, LearnerPageMixin, Page):
    """A credential track, such as "Support Group Facilitator": who it is for, what it covers,
    how long a certificate lasts, and its modules as child pages in order."""

    audience = RichTextField(_("who it is for"), blank=True)
    overview = RichTextField(_("overview"), blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("certificate lasts (months)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    renewal_needs_approval = models.BooleanField(
        _("renewals need a trainer's approval"),
        default=False,
        help_text=_(
            "When ticked, a facilitator asks for renewal and a trainer of their state approves "
            "or declines it. When not ticked, facilitators who meet the requirements renew "
            "themselves."
        ),
    )

    case_response_days = models.PositiveSmallIntegerField(
        _("days to answer a decertification notice"),
        default=30,
        validators=[MinValueValidator(7), MaxValueValidator(180)],
        help_text=_(
            "How long a facilitator has to answer in writing before a decision may be made."
        ),
    )
    case_appeal_business_days = models.PositiveSmallIntegerField(
        _("business days to appeal a decision"),
        default=10,
        validators=[MinValueValidator(5), MaxValueValidator(60)],
        help_text=_("Weekdays a facilitator has to appeal a decision to national staff."),
    )
    # How long personal content about concerns and cases is kept once they are over; the
    # daily sweep applies it (docs/privacy.md).
    concern_attachment_retention_days = models.PositiveIntegerField(
        _("keep files sent with a concern (days after it is resolved)"),
        default=730,
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
        help_text=_(
            "Files sent with a concern are deleted this many days after the concern is "
            "resolved; the concern keeps a record that the file was removed and when."
        ),
    )
    closed_case_retention_days = models.PositiveIntegerField(
        _("keep the words of a closed decertification case (days after it closes)"),
        default=2555,
        validators=[MinValueValidator(365), MaxValueValidator(7300)],
        help_text=_(
            "This many days after a case closes, its written allegation, response, reasons "
            "and appeal are replaced by a note that they were removed. The outcome and every "
            "date are kept. 2555 days is seven years."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("audience"),
        FieldPanel("overview"),
        MultiFieldPanel(
            [FieldPanel("validity_months"), FieldPanel("renewal_needs_approval")],
            heading=_("Certificates"),
        ),
        MultiFieldPanel(
            [FieldPanel("case_response_days"), FieldPanel("case_appeal_business_days")],
            heading=_("Due process before decertification"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("concern_attachment_retention_days"),
                FieldPanel("closed_case_retention_days"),
            ],
            heading=_("Keeping personal information"),
        ),
    ]
    parent_page_types = ["curriculum.TrainingIndexPage"]
    subpage_types = ["curriculum.ModulePage"]
    child_page_model = "curriculum.ModulePage"

    class Meta:
        verbose_name = _("training program")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import program_progress

        context = super().get_context(request, *args, **kwargs)
        context["progress"] = program_progress(request.user, self)
        return context


class ModuleTopic(models.TextChoices):
    BOUNDARIES = "boundaries", _("Boundaries")
    PRIVACY = "privacy", _("Privacy and confidentiality")
    DOCUMENTATION = "documentation", _("Documentation")
    SCOPE = "scope", _("Staying within scope")
    OTHER = "other", _("Other")


class ModulePage(LearnerPageMixin, RoutablePageMixin, Page):
    """One online training unit: lessons in sections, then a knowledge check graded on the
    server. The learner-facing routes live in `curriculum.views.module`."""

    topic = models.CharField(_("topic"), max_length=20, choices=ModuleTopic.choices)
    summary = models.TextField(_("summary"), help_text=_("One or two plain sentences."))
    objectives = StreamField(
        [("objective", blocks.CharBlock(max_length=200, label=_("Objective")))],
        verbose_name=_("learning objectives"),
        help_text=_("What the learner will be able to do: three to six."),
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=30, validators=[MinValueValidator(1)]
    )
    lessons = StreamField([("section", SectionBlock())], verbose_name=_("lesson sections"))
    questions = StreamField(QuestionStreamBlock(), verbose_name=_("knowledge check"))
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    max_attempts_per_day = models.PositiveSmallIntegerField(
        _("attempts allowed in 24 hours"), default=3, validators=[MinValueValidator(1)]
    )
    required_for_certification = models.BooleanField(
        _("required for first certification"), default=True
    )
    required_for_recertification = models.BooleanField(
        _("required for recertification"), default=False
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("topic"), FieldPanel("summary"), FieldPanel("estimated_minutes")],
            heading=_("About this module"),
        ),
        FieldPanel("objectives"),
        FieldPanel("lessons"),
        MultiFieldPanel(
            [
                FieldPanel("questions"),
                FieldPanel("pass_mark"),
                FieldPanel("max_attempts_per_day"),
            ],
            heading=_("Knowledge check"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("required_for_certification"),
                FieldPanel("required_for_recertification"),
            ],
            heading=_("Requirements"),
        ),
    ]
    parent_page_types = ["curriculum.ProgramPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("training module")

    @property
    def canonical_id(self):
        """The page a learner's progress belongs to: the original when this is an alias."""
        return self.alias_of_id or self.pk

    @property
    def section_count(self):
        return len(self.lessons)

    # Learner routes; the views themselves live in `curriculum.views.module`.

    @path("")
    def overview_route(self, request):
        from ..views import module

        return module.overview(request, self)

    @path("section/<int:number>/", name="section")
    def section_route(self, request, number):
        from ..views import module

        return module.section(request, self, number)

    @path("check/", name="check")
    def check_route(self, request):
        from ..views import module

        return module.knowledge_check(request, self)

    @path("check/attempts/<int:attempt_id>/", name="attempt")
    def attempt_route(self, request, attempt_id):
        from ..views import module

        return module.attempt_result(request, self, attempt_id)
