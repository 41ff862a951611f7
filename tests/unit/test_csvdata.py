"""Reading CSV samples: encodings, separators, and every bad input a user can bring."""

from __future__ import annotations

import io

import pytest

from riskassess.core.csvdata import CsvError, open_csv


def table(data: bytes, **kwargs):
    return open_csv(io.BytesIO(data), **kwargs)


def rows(data: bytes, **kwargs):
    return list(table(data, **kwargs).rows())


def test_utf8_with_bom_and_comma():
    t = table("\ufeffnom,ville\nÉlodie,Besançon\n".encode())
    assert t.header == ["nom", "ville"] and t.delimiter == "," and t.encoding == "utf-8"
    assert list(t.rows()) == [["Élodie", "Besançon"]]


def test_latin1_and_semicolon_from_a_french_spreadsheet():
    t = table("nom;ville;montant\nLéa;Orléans;12,5\n".encode("latin-1"))
    assert t.delimiter == ";" and t.encoding in ("cp1252", "latin-1")
    assert list(t.rows()) == [["Léa", "Orléans", "12,5"]]


def test_quoted_separators_and_blank_lines():
    data = b'a;b\n"1;2";3\n\n"x";"y"\n'
    assert rows(data) == [["1;2", "3"], ["x", "y"]]


@pytest.mark.parametrize(
    ("data", "code", "params"),
    [
        (b"", "empty", {}),
        (b"   \n\n", "empty", {}),
        (b"\x00\x01\x02binary\x00", "binary", {}),
        ("nom,âge\nA,1\n".encode("utf-16"), "binary", {}),
        (bytes(range(1, 32)) * 10, "binary", {}),
        (b"a,b\n1,2\n3\n", "ragged", {"line": 3, "found": 1, "expected": 2}),
        (b"a,b\n1,2,3\n", "ragged", {"line": 2, "found": 3, "expected": 2}),
        (b"a,,c\n1,2,3\n", "empty_column_name", {}),
        (b"a,a\n1,2\n", "duplicate_columns", {"columns": "a"}),
        (b"a,b\n" + b"1,2\n" * 11, "too_many_rows", {"limit": 10}),
    ],
)
def test_bad_inputs_are_refused_with_a_precise_error(data, code, params):
    with pytest.raises(CsvError) as info:
        rows(data, max_rows=10)
    assert info.value.code == code
    for key, value in params.items():
        assert info.value.params[key] == value


def test_invalid_utf8_after_the_sniffed_sample_names_the_line():
    data = b"a,b\n" + b"\xc3\xa9t\xc3\xa9,1\n" * 20_000 + b"\xff\xfe,2\n"
    with pytest.raises(CsvError) as info:
        rows(data, max_rows=100_000)
    assert info.value.code == "encoding"
    assert info.value.params["line"] == 20_002  # the exact physical line


def test_unknown_column_lists_the_columns():
    with pytest.raises(CsvError) as info:
        table(b"a,b\n1,2\n").index("c")
    assert info.value.code == "unknown_column" and info.value.params["columns"] == "a, b"
