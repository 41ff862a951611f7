"""The tamper-evident audit chain: each event's hash covers its content and the previous
event's hash, so changing, removing or reordering any event breaks every hash after it.

The hash is an HMAC-SHA-256 keyed with a secret kept outside the database (core/audit_keys.py):
someone who can write to the database cannot recompute the chain after an edit. Events sealed
before keys existed were plain SHA-256; the migration that introduced keys sealed them again,
and the verifier accepts no unkeyed event. The head (last sequence number and hash) carries its
own HMAC, so that removing the last events and rewinding the head is also detected.
Pure functions, shared by the writer, the verifier and the migrations that seal old events."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from riskassess.core.timeutil import as_utc

GENESIS = "0" * 64


def canonical_time(value: datetime) -> str:
    """The same text on every database (SQLite returns naive UTC, PostgreSQL aware)."""
    return as_utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _payload(prev_hash: str, seq: int, fields: dict[str, Any]) -> bytes:
    return json.dumps({"prev": prev_hash, "seq": seq, **fields}, sort_keys=True,
                      ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def event_hash(prev_hash: str, seq: int, fields: dict[str, Any], key: bytes | None = None
               ) -> str:
    """HMAC-SHA-256 of the event with `key`; plain SHA-256 without one (events written before
    keys existed, and migration 0004 which first chained them)."""
    payload = _payload(prev_hash, seq, fields)
    if key is None:
        return hashlib.sha256(payload).hexdigest()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def head_mac(key: bytes, seq: int, last_hash: str) -> str:
    """The head's own HMAC: a head rewound to an earlier event cannot be given a valid one."""
    return hmac.new(key, f"head:{seq}:{last_hash}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Break:
    seq: int
    event_id: int
    problem: str


@dataclass(frozen=True)
class Link:
    """One stored event, as the verifier reads it."""

    event_id: int
    seq: int
    prev_hash: str | None
    hash: str | None
    key_id: str | None
    fields: dict[str, Any]


def verify_link(link: Link, keys: Mapping[str, bytes]) -> str | None:
    """The problem with this one event's seal, or None when its HMAC is right."""
    key = keys.get(link.key_id or "")
    if key is None:
        return (f"sealed with an audit key this server does not have ({link.key_id})"
                if link.key_id else "not sealed with an audit key (edited or forged)")
    expected = event_hash(link.prev_hash or "", link.seq, link.fields, key)
    if link.hash is None or not hmac.compare_digest(expected, link.hash):
        return "content does not match its hash (altered)"
    return None


def verify(links: Iterable[Link], keys: Mapping[str, bytes]) -> Break | None:
    """Check a chain given in seq order; return the first broken event, or None when the chain
    is intact."""
    previous, expected_seq = GENESIS, 1
    for link in links:
        if link.seq != expected_seq:
            return Break(expected_seq, link.event_id, f"event #{expected_seq} is missing "
                         f"(removed or reordered); the chain jumps to #{link.seq}")
        if link.prev_hash != previous:
            return Break(link.seq, link.event_id, "does not point to the previous event's hash")
        problem = verify_link(link, keys)
        if problem:
            return Break(link.seq, link.event_id, problem)
        previous, expected_seq = link.hash, link.seq + 1
    return None


def verify_head(last: Link | None, head_seq: int, head_hash: str, head_key: str | None,
                mac: str | None, keys: Mapping[str, bytes]) -> Break | None:
    """Check the head against the last event and its own HMAC."""
    last_seq = last.seq if last else 0
    if last_seq < head_seq:
        return Break(last_seq + 1, 0, f"the last {head_seq - last_seq} event(s) were removed")
    if last_seq > head_seq or (last is not None and last.hash != head_hash):
        return Break(last_seq, last.event_id if last else 0,
                     "the chain's head does not point to the last event")
    key = keys.get(head_key or "")
    if head_seq and (key is None or mac is None
                     or not hmac.compare_digest(head_mac(key, head_seq, head_hash), mac)):
        return Break(head_seq, last.event_id if last else 0,
                     "the chain's head was rewritten (events removed at the end?)")
    return None
