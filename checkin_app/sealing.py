"""Sealed ID numbers and phones: at rest at the office, and on their way from a station to it.

The office seals each ID number with its own key (ChaCha20-Poly1305) so it can compute a
station's slow hashes without keeping numbers in clear. A station seals a walk-in's number and
phone to the event's X25519 public key (ephemeral X25519, HKDF-SHA256, ChaCha20-Poly1305): only
the office, which holds the private half, can open what a station wrote.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.orm import Session

from checkin_app.models import Setting
from checkin_app.workspace import secret

OFFICE_KEY = "document_seal_key"  # office only: never in a package
WALKIN_KEY = "walkin_seal_key"  # office only, one per event: f"{WALKIN_KEY}:{event_id}"
STATION_PUBLIC = "walkin_seal_public"  # a station's copy of its event's public half
_NONCE = 12
_INFO = b"open-day-checkin walk-in v1"


class SealError(ValueError):
    """A sealed value that cannot be opened: wrong key, altered, or not sealed at all."""


def _office_aead(session: Session) -> ChaCha20Poly1305:
    return ChaCha20Poly1305(secret(session, OFFICE_KEY))


def seal_document_with(key: bytes, number: str) -> bytes:
    """`seal_document` with the key given (an import preview, which must write nothing)."""
    nonce = os.urandom(_NONCE)
    return nonce + ChaCha20Poly1305(key).encrypt(nonce, number.encode(), b"doc")


def seal_document(session: Session, number: str) -> bytes:
    """An ID number (normalised) sealed with the office's key, for `Participant.doc_sealed`."""
    return seal_document_with(secret(session, OFFICE_KEY), number)


def open_document(session: Session, sealed: bytes) -> str:
    try:
        return _office_aead(session).decrypt(sealed[:_NONCE], sealed[_NONCE:], b"doc").decode()
    except (InvalidTag, ValueError) as err:
        raise SealError("sealed document cannot be opened") from err


def _walkin_private(session: Session, event_id: int) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(secret(session, f"{WALKIN_KEY}:{event_id}"))


def forget_event_key(session: Session, event_id: int) -> None:
    """Delete the event's private key (its purge): what stations sealed can never be opened."""
    row = session.get(Setting, f"{WALKIN_KEY}:{event_id}")
    if row is not None:
        session.delete(row)
        session.flush()


def walkin_public_key(session: Session, event_id: int) -> bytes:
    """The event's public half (for its packages); the private half is made now if needed."""
    return _walkin_private(session, event_id).public_key().public_bytes_raw()


def _aead_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> ChaCha20Poly1305:
    key = HKDF(hashes.SHA256(), 32, salt=ephemeral + recipient, info=_INFO).derive(shared)
    return ChaCha20Poly1305(key)


def seal_to(public_key: bytes, plaintext: bytes) -> bytes:
    """Sealed-box: ephemeral public (32) + ciphertext; the sender cannot open it again."""
    recipient = X25519PublicKey.from_public_bytes(public_key)
    ephemeral = X25519PrivateKey.generate()
    mine = ephemeral.public_key().public_bytes_raw()
    aead = _aead_key(ephemeral.exchange(recipient), mine, public_key)
    # A fresh key per message: a fixed nonce is safe.
    return mine + aead.encrypt(b"\0" * _NONCE, plaintext, None)


def open_sealed(session: Session, event_id: int, sealed: bytes) -> bytes:
    """The office opens what a station of `event_id` sealed; SealError when it cannot."""
    private = _walkin_private(session, event_id)
    public = private.public_key().public_bytes_raw()
    try:
        ephemeral = X25519PublicKey.from_public_bytes(sealed[:32])
        aead = _aead_key(private.exchange(ephemeral), sealed[:32], public)
        return aead.decrypt(b"\0" * _NONCE, sealed[32:], None)
    except (InvalidTag, ValueError) as err:
        raise SealError("sealed walk-in cannot be opened") from err


@dataclass(frozen=True)
class WalkInSecrets:
    """What a station seals of a walk-in: the normalised ID number and the phone."""

    number: str
    phone: str

    def seal(self, public_key: bytes) -> bytes:
        return seal_to(public_key, json.dumps({"n": self.number, "p": self.phone}).encode())

    @classmethod
    def open(cls, session: Session, event_id: int, sealed: bytes) -> WalkInSecrets:
        try:
            data = json.loads(open_sealed(session, event_id, sealed))
            return cls(str(data["n"]), str(data.get("p") or ""))
        except (ValueError, TypeError, KeyError) as err:
            raise SealError("sealed walk-in is malformed") from err
