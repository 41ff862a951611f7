"""Re-identification profile: hand-computed k, uniqueness, class sizes, l-diversity, and
properties (hypothesis)."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from riskassess.core.reidentification import profile_csv

SAMPLE = """\
nom;code_postal;annee;sexe;diagnostic;email
Dupont;75001;1980;F;asthme;a@x.fr
Martin;75001;1980;F;diabète;b@x.fr
Durand;75001;1980;F;asthme;c@x.fr
Petit;69002;1975;M;grippe;d@x.fr
Moreau;69002;1975;M;grippe;e@x.fr
Leroy;13001;1990;F;asthme;f@x.fr
"""


def run(text, qi, sensitive=None):
    return profile_csv(io.BytesIO(text.encode()), qi, sensitive)


def test_hand_computed_figures():
    result = run(SAMPLE, ["code_postal", "annee", "sexe"], "diagnostic")
    # classes: (75001,1980,F) x3, (69002,1975,M) x2, (13001,1990,F) x1
    assert result.rows == 6
    assert result.k == 1
    assert result.unique_share == round(1 / 6, 6)
    assert result.class_count == 3
    assert result.class_sizes == {3: 1, 2: 1, 1: 1}
    # l-diversity: {asthme, diabète}=2, {grippe}=1, {asthme}=1 -> 1
    assert result.l_diversity == 1


def test_coarser_quasi_identifiers_raise_k():
    result = run(SAMPLE, ["sexe"], "diagnostic")
    assert result.k == 2 and result.unique_share == 0.0
    assert result.class_sizes == {4: 1, 2: 1}
    assert result.l_diversity == 1  # the two M records both have "grippe"


def test_columns_are_classified_and_detected_quasi_identifiers_are_the_default():
    result = run(SAMPLE, [])
    assert result.columns["email"]["pii"] == "email"
    assert result.columns["nom"]["pii"] == "name"
    assert result.columns["code_postal"] == {"pii": "postcode", "quasi_identifier": True}
    assert result.columns["sexe"]["quasi_identifier"]
    assert result.quasi_identifiers == ["code_postal", "sexe"]


table = st.lists(
    st.tuples(st.sampled_from("ab"), st.sampled_from("xyz"), st.integers(0, 3),
              st.sampled_from(["s1", "s2"])),
    min_size=1, max_size=60,
)


def to_csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["c1", "c2", "c3", "s"])
    writer.writerows(rows)
    return buffer.getvalue()


@settings(max_examples=200, deadline=None)
@given(table, st.lists(st.sampled_from(["c1", "c2", "c3"]), min_size=1, unique=True))
def test_properties(rows, qi):
    text = to_csv(rows)
    result = run(text, qi, "s")
    assert 1 <= result.k <= result.rows == len(rows)
    assert 0 <= result.unique_share <= 1
    assert sum(size * n for size, n in result.class_sizes.items()) == result.rows
    assert 1 <= result.l_diversity <= 2
    for dropped in qi:
        fewer = [c for c in qi if c != dropped]
        if fewer:
            assert run(text, fewer, "s").k >= result.k  # removing a QI never lowers k
