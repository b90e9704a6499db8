"""The Wagtail admin's views of certification data: the certificate register, codes of conduct,
the readiness rubric and observation checklist, and the audit logs. `certification/wagtail_hooks.py`
registers them (Wagtail looks for that module by name).

Django's admin also imports `certification.admin` at start-up; nothing here registers with it.
"""
