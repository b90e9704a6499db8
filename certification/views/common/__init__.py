"""Helpers every view shares: service errors onto forms, CSV downloads, and the
confirmation step that restates an action before it changes someone's standing."""
