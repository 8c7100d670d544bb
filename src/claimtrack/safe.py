"""The one output-safety layer: what the data (claims file, articles, file names) may not carry raw
into any output, and how each format neutralises it.

Whatever a command prints or writes comes from files someone else may have written, so no format
lets the data drive a terminal, a spreadsheet, a Markdown viewer, a browser or a CI log:

* :data:`UNSAFE_CHARS`, one character set for every format: C0 controls other than newline and
  tab, DEL, C1 controls (U+009B starts an escape sequence on some terminals), the bidi
  embeddings, overrides and isolates (U+202A-202E, U+2066-2069) and marks (U+061C, U+200E/F),
  U+FEFF, the line and paragraph separators, and lone surrogates (a file name that is not
  UTF-8). Zero-width spaces and joiners stay: scripts and emoji need them, and they reorder
  nothing. A line that would start with ``::`` is a GitHub workflow command, so that is
  neutralised too.
* terminal text and tables: :func:`printable` (``\\x9b``, ``\\u202e``: visible, never obeyed);
* JSON and JSONL: :func:`json_text` (``\\u202e`` inside the strings: the data stays the same);
* YAML: :func:`yaml_text` (strings holding such characters are double-quoted and escaped);
* Markdown: :func:`markdown` (HTML and Markdown specials escaped);
* CSV: :func:`csv_cell` (a cell starting with ``= + - @``, TAB or CR gets a leading ``'``, as
  OWASP recommends against formula injection);
* GitHub annotations: :func:`github_data` and :func:`github_property` (GitHub's own escapes);
* HTML: :func:`html_text`, before Jinja's autoescaping (controls dropped, bidi made visible).
"""

from __future__ import annotations

import re
from typing import Any

_BEYOND_C0 = (
    "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff"
)
UNSAFE_CHARS = "\x00-\x08\x0b-\x1f" + _BEYOND_C0
"""The characters no output carries raw (a regular-expression class body)."""

_UNSAFE = re.compile(f"[{UNSAFE_CHARS}]")
_COMMAND = re.compile(r"^([ \t]*):(?=:)", re.MULTILINE)
"""``::`` at the start of a line (after blanks): a GitHub Actions workflow command."""
_TERMINAL = re.compile(f"[{UNSAFE_CHARS}]|{_COMMAND.pattern}", re.MULTILINE)
_WS = re.compile(r"\s+")


def _visible(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape): show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _terminal(match: re.Match[str]) -> str:
    if match.group(1) is not None:  # a line starting with '::'
        return f"{match.group(1)}\\x3a"
    return _visible(match.group())


def printable(text: str) -> str:
    """Text safe for a terminal: every :data:`UNSAFE_CHARS` character shown as an escape, and no line
    starting with ``::``."""
    if text.isascii() and text.isprintable():
        return text if not text.startswith(("::", " ", "\t")) else _TERMINAL.sub(_terminal, text)
    return _TERMINAL.sub(_terminal, text)


def one_line(text: str) -> str:
    """Printable text on one line (tables, problem messages, file names in messages)."""
    return printable(_WS.sub(" ", text).strip())


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(text: str) -> str:
    """Serialised JSON (``ensure_ascii=False``) with :data:`UNSAFE_CHARS` characters as ``\\uXXXX``.

    ``json`` escapes C0 controls itself but leaves DEL, C1, bidi controls and lone surrogates raw;
    outside strings JSON is ASCII, so every such character is inside a string, where the escape
    means the same character: the data is unchanged, the bytes are safe to print."""
    return _UNSAFE.sub(_json_escape, text)


def yaml_text(document: Any) -> str:
    """``yaml.safe_dump`` of ``document`` with every string that holds an :data:`UNSAFE_CHARS`
    character, or ``::``, double-quoted, and those characters written as YAML escapes (PyYAML
    itself escapes C0 and C1 there, but leaves bidi controls raw)."""
    import yaml

    dumper = _yaml_dumper()
    text: str = yaml.dump(
        document, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100
    )
    # Every such character, and every '::' that can start a line, is inside a double-quoted
    # scalar now, where \uXXXX and \x3a are escapes of the same characters.
    text = _UNSAFE.sub(_json_escape, text)
    return _COMMAND.sub(lambda m: f"{m.group(1)}\\x3a", text)


_DUMPER: Any = None


def _yaml_dumper() -> Any:
    global _DUMPER
    if _DUMPER is None:
        import yaml

        class SafeTextDumper(yaml.SafeDumper):
            pass

        def represent_str(dumper: Any, value: str) -> Any:
            risky = _UNSAFE.search(value) is not None or "::" in value
            return dumper.represent_scalar(
                "tag:yaml.org,2002:str", value, style='"' if risky else None
            )

        SafeTextDumper.add_representer(str, represent_str)
        _DUMPER = SafeTextDumper
    return _DUMPER


_MARKDOWN = str.maketrans(
    {
        "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "|": "\\|",
        "~": "\\~", "#": "\\#", "!": "\\!",
        "<": "&lt;", ">": "&gt;", "\n": "<br>", "\r": "",
    }
)  # fmt: skip


_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
"""An ``&`` that starts a character reference (``&#8238;`` is a U+202E once rendered)."""


def markdown(text: str) -> str:
    """Text for a Markdown table cell or heading: printable, HTML escaped (``<script>`` shows as
    text), and the inline specials backslash-escaped, so data cannot become markup or links."""
    return _ENTITY.sub("&amp;", printable(text)).translate(_MARKDOWN)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?\Z")


def csv_cell(text: str) -> str:
    """A CSV cell: printable, and prefixed with ``'`` when it starts like a formula (OWASP's
    advice: a spreadsheet would otherwise run ``=HYPERLINK(...)``; the quote shows it is text).
    A lone sign (diff's ``-`` and ``+`` marks) and a plain number compute nothing and stay."""
    if text.startswith(_FORMULA_START) and len(text) > 1 and _NUMBER.match(text) is None:
        text = "'" + text
    return printable(text)


def github_data(text: str) -> str:
    """The message of a workflow command, escaped as the runner unescapes it (``%``, CR, LF)."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def github_property(text: str) -> str:
    """A property value of a workflow command (``file=``, ``title=``): also ``:`` and ``,``."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


_HTML_DROP = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HTML_VISIBLE = re.compile(f"[{_BEYOND_C0}]")


def html_text(text: str) -> str:
    """Text for the HTML report before autoescaping: C0 controls and DEL (not allowed in HTML)
    dropped, the other :data:`UNSAFE_CHARS` characters made visible (a U+202E would reorder the
    page's text)."""
    return _HTML_VISIBLE.sub(lambda m: _visible(m.group()), _HTML_DROP.sub("", text))
