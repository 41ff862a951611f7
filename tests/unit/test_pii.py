"""Detecting personal data columns."""

from __future__ import annotations

import pytest

from riskassess.core.pii import detect, iban_ok, nir_ok


def nir(body: str) -> str:
    digits = body.replace("2A", "19").replace("2B", "18")
    return f"{body}{97 - int(digits) % 97:02d}"


@pytest.mark.parametrize(
    ("header", "values", "kind"),
    [
        ("contact", ["lea@example.fr", "paul.m@exemple.com"], "email"),
        ("tel", ["06 12 34 56 78", "+33 1 23 45 67 89", "0612345678"], "phone"),
        ("compte", ["FR76 3000 6000 0112 3456 7890 189", "DE89370400440532013000"], "iban"),
        ("secu", [nir("1850578006084"), nir("2901219123456"), nir("29012" + "2A" + "123456")],
         "nir"),
        ("ip", ["192.168.1.10", "2001:db8::1", "10.0.0.1"], "ip_address"),
        ("device", ["00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5f"], "mac_address"),
        ("position", ["48.8566, 2.3522", "45.7640,4.8357"], "gps"),
        ("latitude", ["48.8566", "45.7640"], "gps"),
        ("Date de naissance", ["1980-01-02", "02/03/1975"], "date_of_birth"),
        ("code_postal", ["75001", "69002", "13 001"], "postcode"),
        ("Prénom", ["Léa", "Jean-Paul"], "name"),
        ("NOM", ["Dupont", "Le Gall"], "name"),
        ("sexe", ["F", "M", "F"], "sex"),
        ("age", ["34", "56"], "age"),
        ("montant", ["12.5", "30"], None),
        ("ville", ["Paris", "Lyon"], None),
        ("code_postal", ["Paris", "Lyon"], None),  # the header says postcode, the values do not
    ],
)
def test_detection(header, values, kind):
    assert detect(header, values) == kind


def test_check_digits():
    assert iban_ok("FR76 3000 6000 0112 3456 7890 189")
    assert not iban_ok("FR76 3000 6000 0112 3456 7890 188")
    assert nir_ok(nir("1850578006084")) and nir_ok(nir("2901219123456"))
    assert not nir_ok("1850578006084" + "00")


def test_most_values_must_match():
    mostly_text = ["lea@example.fr"] + ["n/a"] * 9
    assert detect("contact", mostly_text) is None
    assert detect("contact", ["lea@example.fr"] * 8 + ["", "?", "x"]) == "email"
