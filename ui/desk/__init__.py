"""The check-in desk at the assembly point: scan, verdict, counters, lists, supervisor actions."""
