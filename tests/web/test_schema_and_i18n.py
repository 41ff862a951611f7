"""The migrations match the models; the French catalogue is complete and compiled."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from riskassess.extensions import db
from riskassess.search_schema import not_search_object

REPO = Path(__file__).resolve().parents[2]
PO = REPO / "riskassess/translations/fr/LC_MESSAGES/messages.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "gettext": None, "lazy_gettext": None, "_l": None,
            "both": ((1, "c"), 2)}  # core/i18n.py: texts of the code, with a context


def test_migrations_create_exactly_the_models_schema(in_app):
    def diff():
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"include_name": not_search_object})  # one database's own
            return compare_metadata(context, db.metadata)

    assert in_app(diff) == []


def _entries(catalogue) -> dict:
    """(msgctxt, msgid) → msgstr; a plural message by its singular, with all its forms."""
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]):
            (m.string if isinstance(m.string, str) else tuple(m.string))
            for m in catalogue if m.id}


def po_messages() -> dict:
    with PO.open("rb") as handle:
        return _entries(read_po(handle))


def source_messages() -> set[str]:
    found = set()
    for folder, method in ((REPO / "riskassess", "python"), (REPO / "templates", "jinja2")):
        pattern = "**.py" if method == "python" else "**.html"
        for _file, _line, message, _comments, context in extract_from_dir(
            str(folder), method_map=[(pattern, method)], keywords=KEYWORDS
        ):
            found.add((context, message if isinstance(message, str) else message[0]))
    return found


def test_every_interface_string_has_a_french_translation():
    translated = po_messages()
    used = source_messages()
    assert len(used) > 50
    missing = sorted(m for m in used if not translated.get(m))
    assert missing == [], f"add French translations to {PO.name}: {missing}"


def test_compiled_catalogue_is_up_to_date():
    po = po_messages()
    mo = _entries(read_mo(io.BytesIO(MO.read_bytes())))
    assert mo == po, "run: pybabel compile -d riskassess/translations"


GETTEXT_CALL = re.compile(r"(?<![\w.])(_|gettext|ngettext|lazy_gettext|_l)\(")


def test_no_interface_string_hides_inside_an_f_string():
    """Babel's extractor reads an f-string as one opaque string: a gettext call inside it is
    never extracted, so its text stays English in the French interface and report."""
    def hidden_in(source: bytes) -> list[int]:
        lines = []
        for token in tokenize.tokenize(io.BytesIO(source).readline):
            if token.type == tokenize.STRING:
                prefix = token.string[:token.string.index(token.string[-1])].lower()
                if "f" in prefix and GETTEXT_CALL.search(token.string):
                    lines.append(token.start[0])
        return lines

    # the detector works on this Python (3.12 splits f-strings into several tokens)
    assert hidden_in(b"x = f\"{a} {_('word')}\"\n") == [1]
    hidden = [f"{path.relative_to(REPO)}:{line}"
              for path in sorted((REPO / "riskassess").rglob("*.py"))
              for line in hidden_in(path.read_bytes())]
    assert hidden == [], f"move these gettext calls out of their f-strings: {hidden}"



def _words(node: ast.AST) -> bool:
    """Whether a string expression writes words (letters), not only joins other texts."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and any(c.isalpha() for c in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_words(part) for part in node.values if isinstance(part, ast.Constant))
    return False


def written_texts(source: str) -> list[int]:
    """Lines of `source` that write a text in two languages in code: Text("…", "…") with a
    written sentence (literal or f-string), or a {"fr": "…", …} table of literals."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Text":
            given = [*node.args, *(k.value for k in node.keywords)]
            if any(_words(v) for v in given):
                found.append(node.lineno)
        elif isinstance(node, ast.Dict) and any(
                isinstance(k, ast.Constant) and k.value == "fr" for k in node.keys) and all(
                isinstance(v, ast.Constant) and isinstance(v.value, str) for v in node.values):
            found.append(node.lineno)
    return sorted(found)


def test_one_translation_system_no_french_written_in_code():
    """Texts of the code are written once, in English, and translated in the catalogue
    (core/i18n.py `both`, with a context). What remains allowed: Text("", "") (nothing to
    say) and texts composed of other texts."""
    sample = ('a = Text(fr="Oui", en="Yes")\nb = {"fr": "Oui", "en": "Yes"}\n'
              'c = Text("", "")\nd = Text(fr=x.fr + ".", en=x.en + ".")\n'
              'e = Text(fr=f"{n} lignes", en=f"{n} rows")\n'
              'f = Text(fr=f"{a.fr} ({b.fr})", en=f"{a.en} ({b.en})")\n')
    assert written_texts(sample) == [1, 2, 5]  # the detector finds what it must
    found = [f"{path.relative_to(REPO)}:{line}"
             for path in sorted((REPO / "riskassess").rglob("*.py")) if path.name != "i18n.py"
             for line in written_texts(path.read_text(encoding="utf-8"))]
    assert found == [], f"write these in English with both(), French in {PO.name}: {found}"


def test_a_core_text_missing_from_the_catalogue_is_logged_once(caplog):
    from riskassess.core.i18n import both

    with caplog.at_level("WARNING", logger="riskassess.i18n"):
        first = both("test-only", "A text nobody translated")
        again = both("test-only", "A text nobody translated")
        known = both("core/ai_act", "High-risk system")  # in the catalogue: nothing said
    assert first.fr == first.en == again.fr == "A text nobody translated"
    missing = [r for r in caplog.records if r.name == "riskassess.i18n"]
    assert len(missing) == 1 and "A text nobody translated" in missing[0].getMessage()
    assert known.fr != known.en
