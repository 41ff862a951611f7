"""Detecting personal data in the columns of a CSV sample: direct identifiers (email, phone,
IBAN, French NIR, names, IP and MAC addresses) and quasi-identifiers (GPS coordinates, dates of
birth, postcodes, sex, age).

A column gets a kind when its header says so (names, dates of birth, postcodes, sex, age) or
when at least 80 % of its sampled non-empty values match the kind's pattern; IBAN and NIR
values must also pass their check digits.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Iterable

SAMPLE_VALUES = 1000
# Values checked in all, over every column: a wide file samples fewer values per column (never
# fewer than MIN_SAMPLE), so that detection costs the same whatever the width.
SAMPLE_CELLS = 200_000
MIN_SAMPLE = 50
THRESHOLD = 0.8
DIRECT = ("email", "phone", "iban", "nir", "name", "ip_address", "mac_address")
QUASI = ("gps", "date_of_birth", "postcode", "sex", "age")

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-zA-Z]{2,}$")
PHONE = re.compile(r"^(?:\+33\s?|0033\s?|0)[1-9](?:[\s.-]?\d{2}){4}$|^\+[1-9]\d{7,14}$")
IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")
NIR = re.compile(r"^[1-478]\d{2}(0[1-9]|1[0-2]|[2-9]\d)(\d{2}|2A|2B)\d{6}(\d{2})?$")
IP_CHARACTERS = re.compile(r"^[0-9A-Fa-f.:%]+$")  # what an IPv4 or IPv6 address is made of
MAC = re.compile(r"^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$")
GPS_PAIR = re.compile(r"^\s*(-?\d{1,2}\.\d{3,})\s*[,;]\s*(-?\d{1,3}\.\d{3,})\s*$")
DATE = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4}|\d{2}-\d{2}-\d{4})$")
POSTCODE = re.compile(r"^(\d{5}|\d{2} ?\d{3})$")
SEX = {"m", "f", "h", "homme", "femme", "male", "female", "man", "woman", "1", "2", "x"}

HEADER_HINTS = {
    "name": ("nom", "prenom", "name", "firstname", "lastname", "surname", "patronyme"),
    "date_of_birth": ("naissance", "birth", "dob", "ddn", "birthdate", "datenaiss"),
    "postcode": ("codepostal", "postcode", "postalcode", "zip", "cp", "zipcode"),
    "sex": ("sexe", "sex", "gender", "genre", "civilite"),
    "age": ("age",),
    "gps": ("latitude", "longitude", "lat", "lon", "lng", "gps", "coordonnees"),
}


def _normalise(header: str) -> str:
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]", "", text)


def _hint(header: str) -> str | None:
    key = _normalise(header)
    for kind, hints in HEADER_HINTS.items():
        if key in hints or any(len(h) > 3 and h in key for h in hints):
            return kind
    return None


def iban_ok(value: str) -> bool:
    compact = value.replace(" ", "").upper()
    if not IBAN.match(compact):
        return False
    moved = compact[4:] + compact[:4]
    digits = "".join(str(int(c, 36)) for c in moved)
    return int(digits) % 97 == 1


def nir_ok(value: str) -> bool:
    compact = value.replace(" ", "").upper()
    if len(compact) != 15 or not NIR.match(compact):
        return False
    body = compact[:13].replace("2A", "19").replace("2B", "18")
    return 97 - int(body) % 97 == int(compact[13:])


def _is_ip(value: str) -> bool:
    if ("." not in value and ":" not in value) or not IP_CHARACTERS.match(value):
        return False  # cheap refusal before the standard library's parser
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _is_coordinate(value: str) -> bool:
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return False
    return -180 <= number <= 180 and "." in value.replace(",", ".")


MATCHERS = {
    "email": lambda v: bool(EMAIL.match(v)),
    "iban": iban_ok,
    "nir": nir_ok,
    "phone": lambda v: bool(PHONE.match(v)),
    "ip_address": _is_ip,
    "mac_address": lambda v: bool(MAC.match(v)),
    "gps": lambda v: bool(GPS_PAIR.match(v)),
}
HINTED = {
    "date_of_birth": lambda v: bool(DATE.match(v)),
    "postcode": lambda v: bool(POSTCODE.match(v)),
    "sex": lambda v: v.lower() in SEX,
    "age": lambda v: v.isdigit() and 0 <= int(v) <= 120,
    "gps": _is_coordinate,
    "name": lambda v: any(c.isalpha() for c in v) and not any(c.isdigit() for c in v),
}


def _mostly(values: list[str], matcher) -> bool:
    """Whether at least THRESHOLD of `values` match; stops as soon as too many have not."""
    allowed = len(values) - THRESHOLD * len(values)
    misses = 0
    for value in values:
        if not matcher(value):
            misses += 1
            if misses > allowed:
                return False
    return bool(values)


def sample_size(columns: int) -> int:
    """Values sampled per column for a file of `columns` columns (see SAMPLE_CELLS)."""
    return max(MIN_SAMPLE, min(SAMPLE_VALUES, SAMPLE_CELLS // max(1, columns)))


def detect(header: str, values: Iterable[str], size: int = SAMPLE_VALUES) -> str | None:
    """The kind of personal data in a column (judged on its first `size` non-empty values),
    or None."""
    sample = [v for v in values if v][:size]
    for kind, matcher in MATCHERS.items():
        if sample and _mostly(sample, matcher):
            return kind
    hint = _hint(header)
    if hint is not None and (not sample or _mostly(sample, HINTED[hint])):
        return hint
    return None


def is_quasi_identifier(kind: str | None) -> bool:
    return kind in QUASI
