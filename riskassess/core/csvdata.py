"""Reading an uploaded CSV sample safely and in a streaming way.

UTF-8 (with or without BOM) or Latin-1 (read as Windows-1252 when it fits), comma or
semicolon detected from the header line. Rows are produced one at a time, so memory does not
grow with the file. Every problem a user can
cause is a CsvError with a code, a message and the line it concerns: empty file, binary file,
an encoding that is neither UTF-8 nor Latin-1, ragged rows, too many rows, unknown columns.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

SNIFF_BYTES = 64 * 1024
MAX_ROWS = 500_000
MAX_FIELD = 10_000
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
    _max_rows: int
    rows_read: int = 0

    def index(self, column: str) -> int:
        """Position of a column, or a CsvError naming the columns that exist."""
        if column not in self.header:
            raise CsvError("unknown_column", f"unknown column '{column}' (columns: "
                           f"{', '.join(self.header)})", column=column,
                           columns=", ".join(self.header))
        return self.header.index(column)

    def rows(self) -> Iterator[list[str]]:
        width = len(self.header)
        try:
            for row in self._reader:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue  # blank line
                self.rows_read += 1
                line = self._reader.line_num + 1  # + the header line
                if self.rows_read > self._max_rows:
                    raise CsvError("too_many_rows", f"more than {self._max_rows} rows",
                                   limit=self._max_rows)
                if len(row) != width:
                    raise CsvError("ragged", f"line {line}: {len(row)} fields instead of "
                                   f"{width}", line=line, found=len(row), expected=width)
                yield [value.strip() for value in row]
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
    counts = {d: 0 for d in ",;"}
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return ";" if counts[";"] > counts[","] else ","


def _lines(stream: io.BufferedReader, encoding: str) -> Iterator[str]:
    """Decode line by line, so that an encoding error names its exact line."""
    for number, raw in enumerate(stream, start=1):
        try:
            yield raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise CsvError("encoding", f"line {number} is not valid {encoding.replace('-sig', '')}"
                           , line=number) from exc


def open_csv(stream: BinaryIO, max_rows: int = MAX_ROWS) -> CsvTable:
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
    header = next(csv.reader([first], delimiter=delimiter))
    header = [name.strip() for name in header]
    if any(not name for name in header):
        raise CsvError("empty_column_name", "a column has no name in the header line")
    duplicates = sorted({n for n in header if header.count(n) > 1})
    if duplicates:
        raise CsvError("duplicate_columns", f"duplicate column names: {', '.join(duplicates)}",
                       columns=", ".join(duplicates))
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
