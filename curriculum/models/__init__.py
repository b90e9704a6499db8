"""Curriculum models, split by concern; import them from here."""

from .learning import KnowledgeCheckAttempt, ModuleProgress
from .pages import (
    LearnerPageMixin,
    ModulePage,
    ModuleTopic,
    ProgramPage,
    TrainingIndexPage,
)

__all__ = [
    "KnowledgeCheckAttempt",
    "LearnerPageMixin",
    "ModulePage",
    "ModuleProgress",
    "ModuleTopic",
    "ProgramPage",
    "TrainingIndexPage",
]
