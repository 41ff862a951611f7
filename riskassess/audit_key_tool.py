"""`python -m riskassess.audit_key_tool PATH`: create the audit keyring at PATH, or rotate it
(append a new key, which seals every event from the next start of the app servers on; the
earlier keys stay, to verify the events they sealed). It does not load the application, so it
also creates the file that a production start-up asks for."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from riskassess.core import audit_keys


def rotate(path: Path) -> str:
    """Append a new key to the keyring at `path` (created, readable by its owner only); return
    the new key's id."""
    if path.exists():
        audit_keys.parse(path.read_text(encoding="utf-8"))  # refuse to extend a broken file
    line = audit_keys.new_line()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as keyring:
        keyring.write(line)
    return line.split()[0]


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0].startswith("-"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    path = Path(argv[0])
    try:
        key_id = rotate(path)
    except (OSError, audit_keys.KeyringError) as error:
        print(f"audit keyring {path}: {error}", file=sys.stderr)
        return 1
    print(f"audit keyring {path}: new key {key_id} (restart every app server to use it; "
          "keep the file, and a copy apart from the database backups)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
