"""Which evidence files are accepted, told by their content and never by their name: PDF,
images, office documents (OOXML, OpenDocument and the older binary formats) recognised by
their signatures (the `filetype` library), and text, which has no signature: valid UTF-8
without NUL bytes. The name the user gave is kept for display only, cleaned of path parts and
control characters."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import filetype

MAX_NAME = 200
# extension of `filetype` → (media type sent back on download, family shown to people)
ACCEPTED = {
    "pdf": ("application/pdf", "pdf"),
    "png": ("image/png", "image"), "jpg": ("image/jpeg", "image"),
    "gif": ("image/gif", "image"), "webp": ("image/webp", "image"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "office"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "office"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation",
             "office"),
    "odt": ("application/vnd.oasis.opendocument.text", "office"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "office"),
    "odp": ("application/vnd.oasis.opendocument.presentation", "office"),
    "doc": ("application/msword", "office"), "xls": ("application/vnd.ms-excel", "office"),
    "ppt": ("application/vnd.ms-powerpoint", "office"),
}
TEXT = ("text/plain; charset=utf-8", "text")


class AttachmentError(ValueError):
    """A file refused: `code` is "empty", "too_large" or "type" (with what it was found to
    be, or None when nothing was recognised)."""

    def __init__(self, code: str, found: str | None = None):
        self.code, self.found = code, found
        super().__init__(code if found is None else f"{code}: {found}")


@dataclass(frozen=True)
class Kind:
    media_type: str
    family: str  # pdf | image | office | text


def clean_name(name: str) -> str:
    """The file's own name (no folders), without control characters, at most MAX_NAME."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip(" .")
    return (kept or "file")[-MAX_NAME:]


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def classify(data: bytes, max_bytes: int) -> Kind:
    """The kind of an accepted file; AttachmentError otherwise."""
    if not data:
        raise AttachmentError("empty")
    if len(data) > max_bytes:
        raise AttachmentError("too_large")
    guessed = filetype.guess(data)
    if guessed is not None:
        if guessed.extension in ACCEPTED:
            return Kind(*ACCEPTED[guessed.extension])
        raise AttachmentError("type", guessed.mime)
    if _is_text(data):
        return Kind(*TEXT)
    raise AttachmentError("type")
