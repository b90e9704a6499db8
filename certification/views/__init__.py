"""Certification pages, split by concern; thin: a form validates, one service runs."""
