"""The tamper-evident audit chain: each event's SHA-256 covers its content and the previous
event's hash, so changing, removing or reordering any event breaks every hash after it.
Pure functions, shared by the writer, the verifier and the migration that seals old events."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from riskassess.core.timeutil import as_utc

GENESIS = "0" * 64


def canonical_time(value: datetime) -> str:
    """The same text on every database (SQLite returns naive UTC, PostgreSQL aware)."""
    return as_utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(prev_hash: str, seq: int, fields: dict[str, Any]) -> str:
    payload = json.dumps({"prev": prev_hash, "seq": seq, **fields}, sort_keys=True,
                         ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Break:
    seq: int
    event_id: int
    problem: str


def verify(events) -> Break | None:
    """Check a chain given as (id, seq, prev_hash, hash, fields) in seq order; return the first
    broken event, or None when the chain is intact."""
    previous, expected_seq = GENESIS, 1
    for event_id, seq, prev_hash, stored, fields in events:
        if seq != expected_seq:
            return Break(expected_seq, event_id, f"event #{expected_seq} is missing (removed "
                         f"or reordered); the chain jumps to #{seq}")
        if prev_hash != previous:
            return Break(seq, event_id, "does not point to the previous event's hash")
        if event_hash(prev_hash, seq, fields) != stored:
            return Break(seq, event_id, "content does not match its hash (altered)")
        previous, expected_seq = stored, seq + 1
    return None
