"""The error a user is shown: a Chinese message that names what is wrong and how to fix it."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a request that cannot be done; `str(err)` is the message for the user."""


class NotFound(UserError):
    """An event, activity or person that the user named does not exist."""


class Refused(UserError):
    """A request understood and refused by a rule (retention not reached, log not yet sent):
    the command line's "done, but refused" (exit 1), not bad usage."""
