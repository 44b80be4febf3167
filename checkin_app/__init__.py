"""Open-day check-in: the Qt-free core (storage, rules, import, selection, passes, sync)."""

__version__ = "0.1.0"
