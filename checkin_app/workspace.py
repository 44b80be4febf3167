"""Workspace-wide secrets kept in the database: the document-hash key and the pass signing key."""

from __future__ import annotations

import secrets

from sqlalchemy.orm import Session

from checkin_app.models import Setting


def secret(session: Session, name: str, *, size: int = 32) -> bytes:
    """The named secret, created with `size` random bytes the first time it is asked for."""
    row = session.get(Setting, name)
    if row is None:
        row = Setting(key=name, value=secrets.token_bytes(size))
        session.add(row)
        session.flush()
    return row.value


def document_key(session: Session) -> bytes:
    """The key of the HMAC that stands in for identity numbers (never stored in clear)."""
    return secret(session, "document_hash_key")
