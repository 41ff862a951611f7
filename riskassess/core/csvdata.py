"""Reading an uploaded CSV sample safely and in a streaming way.

UTF-8 (with or without BOM) or Latin-1 (read as Windows-1252 when it fits), comma or
semicolon detected from the header line. Rows are produced one at a time, so memory does not
grow with the file. Every problem a user can
cause is a CsvError with a code, a message and the line it concerns: empty file, binary file,
an encoding that is neither UTF-8 nor Latin-1, ragged rows, too many rows, unknown columns,
too many columns, a column name too long.

Every step is linear in the size of the file: the header is checked against MAX_COLUMNS and
MAX_COLUMN_NAME before any work per column, duplicates are found with one count of the names.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

SNIFF_BYTES = 64 * 1024
MAX_ROWS = 500_000
MAX_FIELD = 10_000
MAX_COLUMNS = 2_000  # a sample wider than this is not a table a person chose columns from
MAX_COLUMN_NAME = 200  # characters in one column name
SHOWN_COLUMNS = 30  # column names listed in a message
csv.field_size_limit(MAX_FIELD * 10)


class CsvError(ValueError):
    """A problem with the file, said in English; `code` and `params` let the interface say
    it in the user's language."""

    def __init__(self, code: str, message: str, **params):
        self.code, self.params = code, params
        super().__init__(message)


@dataclass
class CsvTable:
    header: list[str]
    encoding: str
    delimiter: str
    _reader: Any  # a csv.reader over the decoded lines
    _max_rows: int | None  # None: no limit (the command line)
    rows_read: int = 0

    def __post_init__(self) -> None:
        self._positions = {name: i for i, name in enumerate(self.header)}

    def index(self, column: str) -> int:
        """Position of a column, or a CsvError naming the columns that exist."""
        position = self._positions.get(column)
        if position is None:
            shown = ", ".join(self.header[:SHOWN_COLUMNS])
            if len(self.header) > SHOWN_COLUMNS:
                shown += f", … (+{len(self.header) - SHOWN_COLUMNS})"
            raise CsvError("unknown_column", f"unknown column '{column}' (columns: {shown})",
                           column=column, columns=shown)
        return position

    def rows(self, strip: bool = True) -> Iterator[list[str]]:
        """The data rows, checked; each value stripped of surrounding spaces unless `strip` is
        False (a caller reading a few columns of a wide file strips only those)."""
        width = len(self.header)
        try:
            for row in self._reader:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue  # blank line
                self.rows_read += 1
                line = self._reader.line_num + 1  # + the header line
                if self._max_rows is not None and self.rows_read > self._max_rows:
                    raise CsvError("too_many_rows", f"more than {self._max_rows} rows",
                                   limit=self._max_rows)
                if len(row) != width:
                    raise CsvError("ragged", f"line {line}: {len(row)} fields instead of "
                                   f"{width}", line=line, found=len(row), expected=width)
                yield [value.strip() for value in row] if strip else row
        except csv.Error as exc:
            line = self._reader.line_num + 1
            raise CsvError("malformed", f"line {line}: {exc}", line=line) from exc


def _encoding(sample: bytes) -> str:
    if not sample.strip():
        raise CsvError("empty", "the file is empty")
    if b"\x00" in sample:
        raise CsvError("binary", "this is not a text CSV file (binary content or UTF-16)")
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    if controls > len(sample) // 100:
        raise CsvError("binary", "this is not a text CSV file (binary content)")
    for encoding in ("utf-8", "cp1252"):  # cp1252: the Latin-1 of French spreadsheets
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(sample, final=False)  # a character cut at the end is fine
            return "utf-8-sig" if encoding == "utf-8" else encoding
        except UnicodeDecodeError:
            continue
    return "latin-1"


def _delimiter(first_line: str) -> str:
    """The delimiter used most outside quotes (every other piece of a split on `"` is
    quoted text)."""
    outside = first_line.split('"')[::2]
    commas = sum(piece.count(",") for piece in outside)
    semicolons = sum(piece.count(";") for piece in outside)
    return ";" if semicolons > commas else ","


def _header(first_line: str, delimiter: str) -> list[str]:
    """The column names, refused before any work per column when there are too many, when one
    is too long, empty, or given twice."""
    if first_line.count(delimiter) >= MAX_COLUMNS:  # a cheap bound before parsing
        raise CsvError("too_many_columns", f"more than {MAX_COLUMNS} columns",
                       limit=MAX_COLUMNS)
    try:
        header = next(csv.reader([first_line], delimiter=delimiter))
    except csv.Error as exc:  # e.g. a name beyond the csv module's field size limit
        raise CsvError("long_column_name", f"a column name is longer than {MAX_COLUMN_NAME} "
                       f"characters ({exc})", limit=MAX_COLUMN_NAME) from exc
    if len(header) > MAX_COLUMNS:
        raise CsvError("too_many_columns", f"more than {MAX_COLUMNS} columns",
                       limit=MAX_COLUMNS)
    if any(len(name) > MAX_COLUMN_NAME for name in header):
        raise CsvError("long_column_name", f"a column name is longer than {MAX_COLUMN_NAME} "
                       "characters", limit=MAX_COLUMN_NAME)
    header = [name.strip() for name in header]
    if any(not name for name in header):
        raise CsvError("empty_column_name", "a column has no name in the header line")
    duplicates = sorted(name for name, count in Counter(header).items() if count > 1)
    if duplicates:
        raise CsvError("duplicate_columns", f"duplicate column names: {', '.join(duplicates)}",
                       columns=", ".join(duplicates))
    return header


def _lines(stream: io.BufferedReader, encoding: str) -> Iterator[str]:
    """Decode line by line, so that an encoding error names its exact line."""
    for number, raw in enumerate(stream, start=1):
        try:
            yield raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise CsvError("encoding", f"line {number} is not valid {encoding.replace('-sig', '')}"
                           , line=number) from exc


def open_csv(stream: BinaryIO, max_rows: int | None = MAX_ROWS) -> CsvTable:
    """Open a CSV from a binary stream; the header is read and checked now."""
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(
        _Readable(stream), SNIFF_BYTES)
    sample = buffered.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    encoding = _encoding(sample)
    lines = _lines(buffered, encoding)
    first = next(lines, "")
    if not first.strip():
        raise CsvError("empty", "the file is empty")
    delimiter = _delimiter(first)
    header = _header(first, delimiter)
    reader = csv.reader(lines, delimiter=delimiter)
    return CsvTable(header, encoding.replace("-sig", ""), delimiter, reader, max_rows)


class _Readable(io.RawIOBase):
    """Adapts any object with read() (e.g. an upload stream) for BufferedReader."""

    def __init__(self, stream):
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
