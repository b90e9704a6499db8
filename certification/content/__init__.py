"""Plain-data content that certification seeds: the first code of conduct of each program."""

from .conduct import CODES_OF_CONDUCT

__all__ = ["CODES_OF_CONDUCT"]
