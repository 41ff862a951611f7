"""Rich text of other tools (HTML) to plain text and back, for imports and exports.

Markup is only ever parsed with the standard library's html.parser to find where lines and
paragraphs end: nothing is executed and no tag, attribute or script survives in the text.
Pure module: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

BLOCKS = frozenset({"p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table",
                    "tr", "blockquote", "pre", "section", "article", "header", "footer",
                    "dl", "dt", "dd", "hr"})
DROPPED = frozenset({"script", "style", "head", "title", "template", "noscript", "iframe",
                     "object", "svg", "math"})
_SPACES = re.compile(r"\s+")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = ""
        self.dropping = 0
        self.lists: list[list] = []  # open lists: [tag, items so far]

    def breaks(self, count: int) -> None:
        """End the text with at least `count` line breaks (none at the very start)."""
        text = self.out.rstrip(" ")
        if text:
            self.out = text + "\n" * max(0, count - (len(text) - len(text.rstrip("\n"))))

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in DROPPED:
            self.dropping += 1
        elif tag == "br":
            self.out = self.out.rstrip(" ") + "\n"
        elif tag in ("ul", "ol"):
            self.breaks(1)
            self.lists.append([tag, 0])
        elif tag == "li":
            self.breaks(1)
            if self.lists and self.lists[-1][0] == "ol":
                self.lists[-1][1] += 1
                self.out += f"{self.lists[-1][1]}. "
            else:
                self.out += "- "
        elif tag in ("td", "th"):
            self.out += " "
        elif tag in BLOCKS:
            self.breaks(2)

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED:
            self.dropping = max(0, self.dropping - 1)
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.breaks(1 if self.lists else 2)
        elif tag == "li":
            self.breaks(1)
        elif tag in BLOCKS:
            self.breaks(2)

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        text = _SPACES.sub(" ", data)
        if text.strip() or (self.out and not self.out.rstrip(" ").endswith("\n")):
            self.out += text


def html_to_text(value: str | None) -> str:
    """The text of an HTML fragment: paragraphs separated by a blank line, <br> as a line
    break, list items as "- " lines, entities decoded, whitespace tidied."""
    if not value:
        return ""
    parser = _Text()
    parser.feed(value)
    parser.close()
    lines = [" ".join(line.split()) for line in parser.out.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def tidy_text(value: str | None) -> str:
    """Plain text (not markup) with its line ends, spaces and blank lines tidied, and the HTML
    character references that CNIL files carry in some plain-text fields (« &eacute; »,
    « &amp; ») decoded."""
    if not value:
        return ""
    value = html.unescape(value)
    lines = [" ".join(line.split()) for line in value.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def text_to_html(value: str | None) -> str:
    """Plain text as escaped HTML: a paragraph per blank-line-separated block, <br> for the
    other line breaks. html_to_text gives the text back."""
    if not value:
        return ""
    blocks = re.split(r"\n\s*\n", value.replace("\r\n", "\n").replace("\r", "\n").strip())
    return "".join("<p>" + "<br>".join(html.escape(line.strip()) for line in block.split("\n"))
                   + "</p>" for block in blocks if block.strip())


def one_line(text: str) -> str:
    """Several lines as one (for single-line fields): joined with "; " unless a line already
    ends with punctuation."""
    result = ""
    for line in (part.strip() for part in text.split("\n")):
        line = line[2:].strip() if line.startswith("- ") else line
        if not line:
            continue
        if result:
            result += " " if result[-1] in ".;:,!?" else "; "
        result += line
    return result
