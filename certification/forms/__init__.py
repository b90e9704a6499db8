"""Forms of the certification pages, by concern, as `services/` is. A form validates input
and offers only the choices `permissions` allows; the change itself is left to a service."""
