"""Signals other apps may listen to without the curriculum knowing them."""

from django.dispatch import Signal

# Sent inside the transaction when a learner passes a module for the first time.
# Arguments: learner, module (the original ModulePage).
module_passed = Signal()
