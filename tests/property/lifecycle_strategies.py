"""What the lifecycle state machine's rules draw: a target (an index into the current rows,
most often among the plausible ones), and who acts (most often someone with the authority)."""

from hypothesis import strategies as st

from .lifecycle_world import PEOPLE, TRAINEES

INDEX = st.integers(min_value=0, max_value=10_000)
# Three times in four a rule picks among the targets its step makes sense for.
FOCUS = st.sampled_from((True, True, True, False))
# Three times in four the rightful person acts; otherwise anyone in the world.
WHO = st.sampled_from(("rightful",) * 3 * len(PEOPLE) + PEOPLE)
ALT = st.integers(min_value=0, max_value=7)
LEARNERS = st.sampled_from((*TRAINEES, "bystander"))
