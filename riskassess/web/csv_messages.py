"""CSV problems said in the user's language (the core raises them with a code)."""

from __future__ import annotations

from flask_babel import format_number
from flask_babel import gettext as _

from riskassess.core.csvdata import CsvError


def csv_message(error: CsvError) -> str:
    p = error.params
    messages = {
        "empty": lambda: _("The file is empty."),
        "binary": lambda: _("This is not a CSV text file (binary content, or UTF-16). Export "
                            "it as CSV in UTF-8 or Latin-1."),
        "encoding": lambda: _("The file is not valid UTF-8 or Latin-1 text (line %(line)d). "
                              "Export it again as CSV in UTF-8.", line=p.get("line", 0)),
        "ragged": lambda: _("Line %(line)d has %(found)d fields instead of %(expected)d: "
                            "check separators and quotes.", line=p["line"], found=p["found"],
                            expected=p["expected"]),
        "malformed": lambda: _("Line %(line)d cannot be read as CSV.", line=p["line"]),
        "too_many_rows": lambda: _("The sample has more than %(limit)s rows: take a smaller "
                                   "sample.", limit=format_number(p["limit"])),
        "unknown_column": lambda: _("Unknown column “%(column)s”. Columns in the file: "
                                    "%(columns)s.", column=p["column"], columns=p["columns"]),
        "too_many_columns": lambda: _("The file has more than %(limit)d columns: keep the "
                                      "columns to analyse.", limit=p["limit"]),
        "long_column_name": lambda: _("A column name is longer than %(limit)d characters: is "
                                      "the first line the header?", limit=p["limit"]),
        "empty_column_name": lambda: _("A column has no name in the header line."),
        "duplicate_columns": lambda: _("Several columns have the same name: %(columns)s.",
                                       columns=p["columns"]),
        "no_rows": lambda: _("The file has a header line but no data."),
        "sensitive_is_qi": lambda: _("“%(column)s” cannot be both a quasi-identifier and the "
                                     "sensitive attribute.", column=p["column"]),
        "single_group": lambda: _("Column “%(column)s” holds a single group: fairness "
                                  "compares several groups.", column=p["column"]),
        "no_positive": lambda: _("No decision has the positive value “%(positive)s”.",
                                 positive=p["positive"]),
        "positive_needed": lambda: _("Say which decision value is the positive one (values "
                                     "found: %(values)s).", values=p["values"]),
        "too_large": lambda: _("The file is larger than the %(limit)s MB limit.",
                               limit=p.get("limit", "")),
    }
    return messages.get(error.code, lambda: _("The file cannot be read."))()
