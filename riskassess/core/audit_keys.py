"""The audit keyring: the secrets that seal the audit chain (core/audit_chain.py), kept outside
the database so that write access to the database is not enough to rewrite the trail.

A keyring is a text file, one key per line: `<key id> <secret in hex>`; `#` starts a comment.
The last key seals new events; the earlier ones are kept to verify the events they sealed
(rotation adds a line, never removes one). See docs/security.md for key handling."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

MIN_SECRET_BYTES = 32


class KeyringError(ValueError):
    """A keyring that cannot be used: the message says which line and why."""


@dataclass(frozen=True)
class Keyring:
    keys: dict[str, bytes]
    current: str

    @property
    def current_key(self) -> bytes:
        return self.keys[self.current]


def parse(text: str) -> Keyring:
    keys: dict[str, bytes] = {}
    current = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2:
            raise KeyringError(f"line {number}: expected '<key id> <secret in hex>'")
        key_id, secret_hex = parts
        try:
            secret = bytes.fromhex(secret_hex)
        except ValueError:
            raise KeyringError(f"line {number}: the secret is not hexadecimal") from None
        if len(secret) < MIN_SECRET_BYTES:
            raise KeyringError(f"line {number}: the secret must have at least "
                               f"{MIN_SECRET_BYTES} bytes ({2 * MIN_SECRET_BYTES} hex digits)")
        if len(key_id) > 16 or key_id in keys:
            raise KeyringError(f"line {number}: key id '{key_id}' is longer than 16 "
                               "characters or used twice")
        keys[key_id] = secret
        current = key_id
    if not keys:
        raise KeyringError("no key")
    return Keyring(keys, current)


def new_line() -> str:
    """A fresh key: a random id (it reveals nothing of the secret) and 32 random bytes."""
    return f"{secrets.token_hex(4)} {secrets.token_hex(MIN_SECRET_BYTES)}\n"
