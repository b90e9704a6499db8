"""The learner's own overview of the training they have started."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .. import selectors
from ..models import TrainingIndexPage


@never_cache
@login_required
def my_training(request):
    """Each program the learner started: progress, the next step and completion dates."""
    return render(
        request,
        "curriculum/my_training.html",
        {
            "programs": selectors.my_training(request.user),
            "training_index": TrainingIndexPage.objects.live().first(),
        },
    )
