"""Fidelity pages: concerns, decertification cases, observations and improvement plans.

Each module lists its own `urlpatterns`; `certification/urls.py` adds them to the app's
namespace.
"""
