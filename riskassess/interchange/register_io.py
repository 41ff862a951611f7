"""The register in and out of spreadsheets (interchange/register_table.py says the columns).

Import in two steps: `check` reads a CSV or XLSX file (openpyxl, read-only, formulas never
evaluated), checks every row with the rules of a form and returns every problem by row and
column; a file without problems is kept as a pending import, which `confirm` writes whole, in
one transaction, or not at all. Export: XLSX (openpyxl) and CSV, cells that a spreadsheet would
take for formulas made inert (csvsafe.py).
"""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from riskassess.core import permissions
from riskassess.core import register as rules
from riskassess.core.i18n import both
from riskassess.csvsafe import SafeWriter, safe_cell
from riskassess.extensions import db
from riskassess.interchange import register_table as table
from riskassess.models import RegisterImport, RegisterRecord, User, utcnow
from riskassess.services import audit
from riskassess.services import register as records
from riskassess.services.catalogue import catalogue
from riskassess.services.errors import PermissionDenied

SHEET = both("interchange/register_io", "Register")  # the spreadsheet's tab


class TableError(ValueError):
    """The file cannot be read as a register: "format", "empty", "headers", "too_many"."""

    def __init__(self, code: str, detail: str = ""):
        self.code, self.detail = code, detail
        super().__init__(f"{code}: {detail}" if detail else code)


@dataclass
class Checked:
    rows: list[tuple[int, str, dict]] = field(default_factory=list)  # (line, kind, values)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (line, column, code)
    unknown_headers: list[str] = field(default_factory=list)
    token: str | None = None


def _cells(data: bytes, filename: str) -> list[list[Any]]:
    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        from openpyxl import load_workbook  # loaded when a workbook is read

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise TableError("format", str(error)[:200]) from None
        sheet = book.worksheets[0]
        rows = [list(r) for _i, r in zip(range(table.MAX_ROWS + 2),
                                          sheet.iter_rows(values_only=True), strict=False)]
        book.close()
        return rows
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError("format", "not UTF-8 text") from None
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t") if text.strip() else csv.excel
    return [row for _i, row in zip(range(table.MAX_ROWS + 2),
                                   csv.reader(io.StringIO(text), dialect), strict=False)]


def check(user: User, data: bytes, filename: str) -> Checked:
    """Every problem of the file; when there is none, a pending import to confirm."""
    if not permissions.can_add_record(user):
        raise PermissionDenied
    cells = _cells(data, filename)
    if not cells or not any(str(c or "").strip() for c in cells[0]):
        raise TableError("empty")
    known = table.header_map()
    columns = [known.get(table.key(h or "")) for h in cells[0]]
    result = Checked(unknown_headers=[str(h) for h, c in zip(cells[0], columns, strict=True)
                                      if c is None and str(h or "").strip()])
    if "name" not in columns:
        raise TableError("headers", rules.BY_NAME["name"].label.fr)
    body = [r for r in cells[1:] if any(str(c or "").strip() for c in r)]
    if len(body) > table.MAX_ROWS:
        raise TableError("too_many", str(table.MAX_ROWS))
    categories = catalogue().categories
    for line, row in enumerate(cells[1:], start=2):
        if not any(str(c or "").strip() for c in row):
            continue
        keyed = {column: value for column, value in zip(columns, row, strict=False) if column}
        kind, posted = table.row_to_posted(keyed, categories)
        try:
            values = rules.read(kind, posted, categories)
        except rules.RecordError as error:
            result.problems.extend((line, name, code) for name, code in error.problems.items())
            continue
        result.rows.append((line, kind, values))
    if not result.problems and result.rows:
        result.token = secrets.token_urlsafe(32)
        db.session.add(RegisterImport(organisation_id=user.organisation_id, user_id=user.id,
                                      token=result.token, filename=filename[-200:],
                                      rows=[[k, v] for _line, k, v in result.rows]))
    return result


def confirm(user: User, token: str) -> int:
    """Write a checked import, every record or none; returns how many. LookupError when the
    import is unknown, not the user's, or done already."""
    pending = db.session.scalar(select(RegisterImport).where(
        RegisterImport.token == token, RegisterImport.user_id == user.id,
        RegisterImport.done_at.is_(None)))
    if pending is None or not permissions.can_add_record(user):
        raise LookupError(token)
    for kind, values in pending.rows:
        record = RegisterRecord(organisation_id=user.organisation_id, kind=kind,
                                name=values["name"], values=values, owner_id=user.id,
                                screening={})
        records.first_version(record, user)
        records.judge(record)
        db.session.add(record)
    pending.done_at = utcnow()
    db.session.flush()
    audit.record(user, "register.imported", None, user.organisation_id,
                 file=pending.filename, count=len(pending.rows))
    return len(pending.rows)


def _every(user: User) -> list[RegisterRecord]:
    rows = db.session.scalars(select(RegisterRecord).where(
        RegisterRecord.organisation_id == user.organisation_id)
        .order_by(RegisterRecord.name, RegisterRecord.id).execution_options(yield_per=500))
    return [r for r in rows if permissions.can_view_record(user, r)]


def export_xlsx(user: User, lang: str) -> bytes:
    categories = catalogue().categories
    from openpyxl import Workbook  # loaded when a workbook is written

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET.get(lang))
    sheet.append(table.headers(lang))
    for record in _every(user):
        sheet.append([safe_cell(v) for v in
                      table.record_to_row(record.kind, record.values, categories, lang)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_pdf(user: User, lang: str) -> bytes:
    from flask_babel import force_locale

    from riskassess.reports import register_pdf

    with force_locale(lang):
        return register_pdf.build(user.organisation.name, _every(user), catalogue().categories,
                                  lang, utcnow())


def export_csv(user: User, lang: str) -> str:
    categories = catalogue().categories
    out = io.StringIO()
    writer = SafeWriter(out, delimiter=";")
    writer.writerow(table.headers(lang))
    for record in _every(user):
        writer.writerow(table.record_to_row(record.kind, record.values, categories, lang))
    return out.getvalue()
