"""Issue 14, point 2: a CSV header tens of thousands of columns wide, or with a huge column
name, is refused with a clear message before any work per column (it used to keep a server
worker busy past its timeout: the duplicate check was quadratic)."""

from __future__ import annotations

import io

import pytest

from riskassess.core.csvdata import MAX_COLUMN_NAME, MAX_COLUMNS, CsvError, open_csv
from tests.web.test_evidence import upload

WIDE = ",".join(f"c{i}" for i in range(60_000)) + "\n" + ",".join("1" * 60_000) + "\n"


def test_sixty_thousand_columns_are_refused_with_the_limit():
    with pytest.raises(CsvError) as refused:
        open_csv(io.BytesIO(WIDE.encode()))
    assert refused.value.code == "too_many_columns"
    assert refused.value.params["limit"] == MAX_COLUMNS


def test_a_header_at_the_limit_is_read_and_duplicates_are_still_named():
    header = [f"c{i}" for i in range(MAX_COLUMNS)]
    table = open_csv(io.BytesIO((",".join(header) + "\n" + ",".join("1" * MAX_COLUMNS))
                                .encode()))
    assert table.header == header and table.index(f"c{MAX_COLUMNS - 1}") == MAX_COLUMNS - 1
    twice = ",".join([*header[:10], "c3", "c7"]) + "\n" + ",".join("1" * 12)
    with pytest.raises(CsvError) as refused:
        open_csv(io.BytesIO(twice.encode()))
    assert refused.value.code == "duplicate_columns"
    assert refused.value.params["columns"] == "c3, c7"


@pytest.mark.parametrize("length", [MAX_COLUMN_NAME + 1, 100_001])
def test_a_column_name_over_the_limit_is_refused(length):
    content = ("a," + "x" * length + "\n1,2\n").encode()
    with pytest.raises(CsvError) as refused:
        open_csv(io.BytesIO(content))
    assert refused.value.code == "long_column_name"


def test_an_unknown_column_message_lists_a_bounded_number_of_names():
    table = open_csv(io.BytesIO((",".join(f"c{i}" for i in range(500)) + "\n").encode()))
    with pytest.raises(CsvError) as refused:
        table.index("absent")
    assert refused.value.params["columns"].endswith("… (+470)")


def test_the_upload_gets_a_message_and_the_page_keeps_working(as_role, demo):
    client = as_role("owner")
    draft = demo["assessments"]["draft"]
    # the header alone (400 KB): larger bodies are spooled by the test client into a file
    # it never closes
    wide = upload(client, draft, "reidentification", WIDE.split("\n")[0] + "\n")
    assert wide.status_code == 422
    assert f"plus de {MAX_COLUMNS} colonnes" in wide.get_data(as_text=True).replace("\u202f", " ")
    long_name = upload(client, draft, "fairness", "g," + "x" * 100_001 + "\nA,1\n",
                       group="g", decision="d")
    assert long_name.status_code == 422
    assert "nom de colonne dépasse" in long_name.get_data(as_text=True)
    assert client.get(f"/assessments/{draft}/evidence").status_code == 200
