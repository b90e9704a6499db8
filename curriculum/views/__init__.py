"""Learner pages: module routes (served by ModulePage) and "My training"."""
