"""Property-based and stateful tests."""
