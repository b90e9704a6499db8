"""Core curriculum content for Trellis, as plain Python data.

The seed command turns these dicts into program and module pages. ``CORE_MODULES`` lists the four
core modules in the order a trainee takes them; ``PROGRAMS`` refers to them by slug.

Rich text uses only <p>, <ul>, <ol>, <li>, <strong>, <em> and <h3>. Quotes and situations come
from the field study in reference/peer-support-study.txt. Nothing here gives medical advice:
peers are taught to refer to their program leader, the care team, 911 or 988.
"""

from .boundaries import BOUNDARIES
from .documentation import DOCUMENTATION
from .privacy import PRIVACY
from .programs import PROGRAMS
from .scope import SCOPE

CORE_MODULES = [BOUNDARIES, PRIVACY, DOCUMENTATION, SCOPE]

__all__ = ["BOUNDARIES", "CORE_MODULES", "DOCUMENTATION", "PRIVACY", "PROGRAMS", "SCOPE"]
