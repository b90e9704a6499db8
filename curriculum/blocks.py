"""StreamField blocks for training content: lesson sections and knowledge-check questions.

Lessons are a stream of *sections*; the learner sees one section at a time. A knowledge check
is a stream of questions of three kinds. Which options are correct lives only here and in the
grader's snapshot; templates that show a question before it is answered never receive it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

LESSON_RICH_TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link", "document-link"]
SHORT_RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("tip", _("Tip")), ("important", _("Important")), ("warning", _("Warning"))],
        default="tip",
    )
    title = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(features=SHORT_RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        template = "curriculum/blocks/callout.html"


class QuoteBlock(blocks.StructBlock):
    """Words of someone with lived experience; attribute without identifying anyone."""

    text = blocks.TextBlock()
    attribution = blocks.CharBlock(max_length=160, required=False)

    class Meta:
        icon = "openquote"
        label = _("Lived-experience quote")
        template = "curriculum/blocks/quote.html"


class DownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    description = blocks.CharBlock(max_length=200, required=False)

    class Meta:
        icon = "doc-full"
        label = _("Downloadable document")
        template = "curriculum/blocks/download.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(help_text=_("Address of the video."))
    transcript = blocks.RichTextBlock(
        features=SHORT_RICH_TEXT_FEATURES,
        required=False,
        help_text=_("A transcript helps people who cannot hear or play the video."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "curriculum/blocks/video.html"


class ScenarioBlock(blocks.StructBlock):
    """A realistic situation to think through. The suggested approach is shown only after the
    learner has written or chosen a response, so they think first."""

    title = blocks.CharBlock(max_length=120)
    situation = blocks.RichTextBlock(features=SHORT_RICH_TEXT_FEATURES)
    prompt = blocks.CharBlock(max_length=300, label=_("Reflection prompt"))
    choices = blocks.ListBlock(
        blocks.CharBlock(max_length=300),
        required=False,
        default=[],
        help_text=_("Possible responses to choose from. Leave empty to ask for a written answer."),
    )
    suggested_approach = blocks.RichTextBlock(features=SHORT_RICH_TEXT_FEATURES)

    class Meta:
        icon = "user"
        label = _("Scenario")


class SectionContentBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=LESSON_RICH_TEXT_FEATURES, label=_("Rich text"))
    callout = CalloutBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    document = DownloadBlock()
    video = VideoBlock()
    scenario = ScenarioBlock()


class SectionBlock(blocks.StructBlock):
    """One step of a module: a heading and its content, shown on its own page."""

    heading = blocks.CharBlock(max_length=120)
    body = SectionContentBlock()

    class Meta:
        icon = "doc-full-inverse"
        label = _("Section")


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300)
    is_correct = blocks.BooleanBlock(required=False, label=_("Correct"))
    feedback = blocks.CharBlock(
        max_length=500, help_text=_("Shown after submitting when this option was chosen.")
    )


class _ChoiceQuestionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(help_text=_("Ideally a short situation, then the question."))
    options = blocks.ListBlock(OptionBlock(), min_num=2, max_num=8)
    explanation = blocks.TextBlock(
        help_text=_("Why the best answer is best; shown after submitting.")
    )

    def _correct_count(self, value):
        return sum(1 for option in value["options"] if option["is_correct"])


class SingleChoiceQuestionBlock(_ChoiceQuestionBlock):
    def clean(self, value):
        value = super().clean(value)
        if self._correct_count(value) != 1:
            raise StructBlockValidationError(
                block_errors={"options": ValidationError(_("Mark exactly one option as correct."))}
            )
        return value

    class Meta:
        icon = "radio-full"
        label = _("Single choice")


class MultipleSelectQuestionBlock(_ChoiceQuestionBlock):
    def clean(self, value):
        value = super().clean(value)
        correct = self._correct_count(value)
        if correct < 1 or correct == len(value["options"]):
            raise StructBlockValidationError(
                block_errors={
                    "options": ValidationError(
                        _("Mark at least one option as correct and at least one as not correct.")
                    )
                }
            )
        return value

    class Meta:
        icon = "tasks"
        label = _("Multiple select")


class TrueFalseQuestionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(help_text=_("A statement the learner judges true or false."))
    answer = blocks.BooleanBlock(required=False, label=_("The statement is true"))
    feedback_true = blocks.CharBlock(max_length=500, label=_("Feedback when “True” is chosen"))
    feedback_false = blocks.CharBlock(max_length=500, label=_("Feedback when “False” is chosen"))
    explanation = blocks.TextBlock()

    class Meta:
        icon = "tick"
        label = _("True or false")


class QuestionStreamBlock(blocks.StreamBlock):
    single_choice = SingleChoiceQuestionBlock()
    multiple_select = MultipleSelectQuestionBlock()
    true_false = TrueFalseQuestionBlock()
