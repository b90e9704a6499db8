"""Curriculum models: training programs and modules arrive with the curriculum issue."""
