"""Benchmarks (not tests): scripts that print figures; frames.py is shared with the tests."""
