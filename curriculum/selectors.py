"""Reads of training content and a learner's progress, each in a constant number of queries.

`passed_required_modules` is what certification asks: "has this person passed every
required module of this program?"
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce
from operator import or_

from django.db.models import Q

from .models import ModulePage, ModuleProgress, ProgramPage


@dataclass
class ModuleStatus:
    module: ModulePage
    progress: ModuleProgress | None
    required: bool

    @property
    def passed(self) -> bool:
        return bool(self.progress and self.progress.passed_at)

    @property
    def started(self) -> bool:
        return self.progress is not None

    @property
    def state(self) -> str:
        if self.passed:
            return "passed"
        return "in_progress" if self.started else "not_started"


@dataclass
class ProgramProgress:
    program: ProgramPage
    modules: list[ModuleStatus] = field(default_factory=list)

    @property
    def required(self) -> list[ModuleStatus]:
        return [status for status in self.modules if status.required]

    @property
    def passed_required(self) -> int:
        return sum(1 for status in self.required if status.passed)

    @property
    def percent(self) -> int:
        total = len(self.required)
        return round(100 * self.passed_required / total) if total else 0

    @property
    def complete(self) -> bool:
        return bool(self.required) and self.passed_required == len(self.required)

    @property
    def started(self) -> bool:
        return any(status.started for status in self.modules)

    @property
    def completed_at(self) -> datetime | None:
        if not self.complete:
            return None
        return max(status.progress.passed_at for status in self.required)

    @property
    def next_module(self) -> ModuleStatus | None:
        """The first module not yet passed, preferring required ones, in program order."""
        for candidates in (self.required, self.modules):
            for status in candidates:
                if not status.passed:
                    return status
        return None


def live_modules(program: ProgramPage) -> list[ModulePage]:
    """A program's published modules in order (one query)."""
    return list(
        ModulePage.objects.child_of(program).live().order_by("path").defer("lessons", "questions")
    )


def _progress_by_module(learner, modules) -> dict[int, ModuleProgress]:
    if not learner.is_authenticated or not modules:
        return {}
    ids = {module.canonical_id for module in modules}
    return {
        progress.module_id: progress
        for progress in ModuleProgress.objects.filter(learner=learner, module_id__in=ids)
    }


def _statuses(modules, progress_map, recertification=False) -> list[ModuleStatus]:
    return [
        ModuleStatus(
            module=module,
            progress=progress_map.get(module.canonical_id),
            required=(
                module.required_for_recertification
                if recertification
                else module.required_for_certification
            ),
        )
        for module in modules
    ]


def program_progress(learner, program: ProgramPage, *, recertification=False) -> ProgramProgress:
    """A learner's standing in one program (two queries)."""
    modules = live_modules(program)
    return ProgramProgress(
        program=program,
        modules=_statuses(modules, _progress_by_module(learner, modules), recertification),
    )


def passed_required_modules(learner, program: ProgramPage, *, recertification=False) -> bool:
    """Whether the learner passed every module the program requires (for certification).

    A program that requires no module (say, none is required for recertification) is passed.
    """
    progress = program_progress(learner, program, recertification=recertification)
    return progress.passed_required == len(progress.required)


def programs_for_index(index_page, learner) -> list[ProgramProgress]:
    """Every live program under the training index, with the learner's standing in each."""
    programs = list(ProgramPage.objects.child_of(index_page).live().order_by("path"))
    return _programs_with_progress(programs, learner)


def progress_in_programs(learner, programs) -> list[ProgramProgress]:
    """The learner's standing in each of the given programs, in the order given (two queries
    whatever the number of programs). Other apps decide which programs matter to a person
    (for example the ones they are enrolled in) and ask here for the progress."""
    programs = list(programs)
    by_id = {
        progress.program.pk: progress for progress in _programs_with_progress(programs, learner)
    }
    return [by_id[program.pk] for program in programs if program.pk in by_id]


def _programs_with_progress(programs, learner) -> list[ProgramProgress]:
    if not programs:
        return []
    modules = list(
        ModulePage.objects.live()
        .filter(reduce(or_, (Q(path__startswith=p.path, depth=p.depth + 1) for p in programs)))
        .order_by("path")
        .defer("lessons", "questions")
    )
    progress_map = _progress_by_module(learner, modules)
    by_program = []
    for program in programs:
        own = [m for m in modules if m.path.startswith(program.path)]
        by_program.append(ProgramProgress(program=program, modules=_statuses(own, progress_map)))
    return by_program


# Which programs a learner is in is decided outside the curriculum (by enrollment, in the
# certification app). That app registers a function here at start-up, the way it listens to
# `signals.module_passed`, so the curriculum never imports it. Without one, "My training"
# falls back to the programs the learner has started.
_learner_programs = None


def register_learner_programs(provider):
    """Set the function `provider(learner) -> programs` that "My training" lists."""
    global _learner_programs
    _learner_programs = provider


def my_training(learner) -> list[ProgramProgress]:
    """The programs a learner is in (from the registered provider: the ones they are enrolled
    in, from the day they enroll), with progress, for "My training". A few queries, whatever
    the number of programs."""
    if _learner_programs is not None:
        return progress_in_programs(learner, _learner_programs(learner))
    return started_programs(learner)


def started_programs(learner) -> list[ProgramProgress]:
    """The programs a learner has started, with progress (four queries)."""
    started_ids = list(
        ModuleProgress.objects.filter(learner=learner).values_list("module_id", flat=True)
    )
    if not started_ids:
        return []
    touched = (
        ModulePage.objects.live()
        .filter(Q(pk__in=started_ids) | Q(alias_of_id__in=started_ids))
        .values_list("path", "depth")
    )
    parent_paths = {path[: len(path) - ModulePage.steplen] for path, _depth in touched}
    programs = list(ProgramPage.objects.live().filter(path__in=parent_paths).order_by("path"))
    return _programs_with_progress(programs, learner)
