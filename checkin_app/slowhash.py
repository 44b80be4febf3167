"""The memory-hard hash (scrypt) a station matches typed ID numbers and manual codes with.

A station holds no key: only these hashes, salted per event, so testing one guess costs what
`COST` costs (about 50 ms and 16 MiB here; `bench/stolen_station_bench.py` measures it).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy.orm import Session

from checkin_app.models import Setting

# scrypt's memory is 128 * r * n bytes: n=2**14, r=8 is 16 MiB per hash.
COST_N = 2**14
COST_R = 8
COST_P = 1
SALT_BYTES = 16
STATION_SETTING = "slow_hash_params"  # a station's parameters (not secret: no key in them)

Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True)
class Params:
    """One event's salt and scrypt cost; stored with the event so every station hashes alike."""

    salt: bytes
    n: int
    r: int
    p: int

    def to_bytes(self) -> bytes:
        data = {"salt": base64.b64encode(self.salt).decode(), "n": self.n, "r": self.r}
        return json.dumps({**data, "p": self.p}, sort_keys=True).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> Params:
        """ValueError when `raw` is not a sound parameter set (a damaged or forged package)."""
        try:
            data = json.loads(raw)
            salt = base64.b64decode(data["salt"], validate=True)
            n, r, p = int(data["n"]), int(data["r"]), int(data["p"])
        except (ValueError, TypeError, KeyError) as err:
            raise ValueError(f"slow-hash parameters: {err}") from None
        # Never weaker than today's cost, never so large that the desk stalls.
        if len(salt) < SALT_BYTES or n < 2 or n & (n - 1) or not (1 <= r <= 32 and 1 <= p <= 16):
            raise ValueError("slow-hash parameters out of range")
        if not (COST_N * COST_R <= n * r <= 2**24):
            raise ValueError("slow-hash parameters out of range")
        return cls(salt, n, r, p)


def new_params() -> Params:
    """A fresh salt at today's cost (read now: the cost may grow between releases)."""
    return Params(secrets.token_bytes(SALT_BYTES), COST_N, COST_R, COST_P)


def event_params(session: Session, event_id: int) -> Params:
    """The event's parameters at the office, made (at today's cost) the first time."""
    key = f"{STATION_SETTING}:{event_id}"
    row = session.get(Setting, key)
    if row is None:
        row = Setting(key=key, value=new_params().to_bytes())
        session.add(row)
        session.flush()
    return Params.from_bytes(row.value)


def station_params(session: Session) -> Params | None:
    """This station's parameters; None in the office's database (which matches by HMAC)."""
    row = session.get(Setting, STATION_SETTING)
    return Params.from_bytes(row.value) if row is not None else None


def slow_hash(params: Params, text: str) -> str:
    """Hex scrypt of `text` (an ID number already normalised, or a manual code)."""
    digest = hashlib.scrypt(
        text.encode("utf-8"),
        salt=params.salt,
        n=params.n,
        r=params.r,
        p=params.p,
        maxmem=256 * params.n * params.r * params.p + 2**20,
        dklen=32,
    )
    return digest.hex()


def hash_many(params: Params, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
    """`slow_hash` of each text, in order, on every core (scrypt releases the GIL)."""
    total = len(texts)
    if progress is not None:
        progress(0, total)
    out: list[str] = []
    # Each thread holds 16 MiB while it hashes: a few threads are enough to fill a desktop.
    with ThreadPoolExecutor(max_workers=min(os.cpu_count() or 1, 8)) as pool:
        for digest in pool.map(lambda t: slow_hash(params, t), texts):
            out.append(digest)
            if progress is not None:
                progress(len(out), total)
    return out
