"""The oversight dashboards of an organization, their lists, and their CSV and PDF exports."""
