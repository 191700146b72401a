"""Deck text is text: characters a deck may not hold, look-alike keys, and text made safe to print.

The deck loader refuses (with ``file:line:col``) every character a terminal would act on,
every bidirectional control (they reorder what is shown: "Trojan Source", CVE-2021-42574),
and, in one-line fields (names, options, ids, titles), invisible characters that make two
texts look the same while they differ. What reaches a terminal anyway (newlines and tabs
of prose fields, text from a store or a file name) goes through :func:`for_terminal` or
:func:`one_line` on the way out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from quizzer.controls import BIDI, CONTROLS
from quizzer.controls import terminal_drops as terminal_drops

PROSE_FIELDS = frozenset({"description", "location", "note", "why", "question", "answer", "explanation"})
"""Fields whose text may run over several lines (newlines and tabs allowed): prose, and a
written question's question, answer and explanation (as in question files); every other
field is one line."""

_CONTROLS = CONTROLS
"""C0 and C1 control characters and DEL, except tab and newline (ESC, CSI, OSC, NEL …)."""
_SEPARATORS = "\u2028\u2029"
"""Unicode line and paragraph separators: line breaks that are not newlines."""
_BIDI = BIDI
_INVISIBLE = (
    # Unicode's format characters (category Cf) other than the bidi controls above; a
    # test keeps this list equal to what the running Python's unicodedata says.
    "\u00ad\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200d\u2060-\u2064"
    "\u206a-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    # Invisible characters of other categories: combining grapheme joiner, Hangul and
    # Khmer fillers, variation selectors.
    "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u3164\uffa0\ufe00-\ufe0f"
    "\U000e0100-\U000e01ef"
)

_SUSPECT = re.compile(f"[\t\n{_CONTROLS}{_SEPARATORS}{_BIDI}{_INVISIBLE}]")
_PROSE_BAD = re.compile(f"[{_CONTROLS}{_SEPARATORS}{_BIDI}]")
_LINE_BAD = re.compile(f"[\t\n{_CONTROLS}{_SEPARATORS}{_BIDI}{_INVISIBLE}]")
_TERMINAL_DROP = re.compile(f"[{_CONTROLS}{_BIDI}]")
_FILE_DROP = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")
_BREAKS = re.compile(f"[\t\n\x0b\x0c\r\x1c-\x1e\x85{_SEPARATORS}]+")
_JSON_ESCAPE = re.compile(f"[\x7f-\x9f{_SEPARATORS}{_BIDI}{_INVISIBLE}]")
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_INVISIBLE_RE = re.compile(f"[{_BIDI}{_INVISIBLE}]")
_FIELD = re.compile(r"([A-Za-z_][\w-]*)(?:\[\d+\])*$")


def is_plain(text: str) -> bool:
    """True when ``text`` holds nothing this module would look at twice (the common case).

    Printable ASCII (no control, tab or newline) is plain; that test is ten times faster
    than the search, which only text with other characters needs.
    """
    if text.isascii():
        return text.isprintable()
    return _SUSPECT.search(text) is None


def field_name(where: str) -> str:
    """The field a key path ends in: ``muscles[0].aliases[2]`` → ``aliases``."""
    found = _FIELD.search(where)
    return found.group(1) if found else where


def deck_text_problem(text: str, where: str) -> tuple[int, str] | None:
    """The index of the first character deck text at ``where`` may not hold, and why.

    Prose fields (:data:`PROSE_FIELDS`) may hold newlines, tabs and invisible characters;
    no field may hold a control character, a line separator or a bidirectional control.
    """
    field = field_name(where)
    found = text_problem(text, prose=field in PROSE_FIELDS)
    if found is None or not found[1].startswith(("line break", "tab")):
        return found
    return found[0], (
        f"{found[1]}: {field} must be one line (only {', '.join(sorted(PROSE_FIELDS))} may have several)"
    )


def text_problem(text: str, *, prose: bool) -> tuple[int, str] | None:
    """The index of the first character ``text`` may not hold, and why (the rule of
    :func:`deck_text_problem` for one field; question files use it too)."""
    found = (_PROSE_BAD if prose else _LINE_BAD).search(text)
    if found is None:
        return None
    char = found.group()
    code = f"U+{ord(char):04X}"
    if char in "\n\t":
        return found.start(), f"{'line break' if char == chr(10) else 'tab'} in a one-line field"
    if re.match(f"[{_CONTROLS}]", char):
        return found.start(), f"control character {code} is not allowed (a terminal would act on it)"
    name = unicodedata.name(char, "")
    label = f"{code} ({name})" if name else code
    if char in _SEPARATORS:
        return found.start(), f"line separator {label} is not allowed: use a plain line break"
    if re.match(f"[{_BIDI}]", char):
        return found.start(), (
            f"bidirectional control {label} is not allowed: it reorders how the text is shown"
        )
    return found.start(), (
        f"invisible character {label} is not allowed in names and options: "
        "it makes text that looks the same as other text but is not"
    )


def raw_control(text: str) -> tuple[int, str] | None:
    """The first control character in a file's text (tab and line ends aside), and why it
    is refused: said here, with its place, rather than as YAML's reader error."""
    found = _RAW_CONTROL.search(text)
    if found is None:
        return None
    return found.start(), (
        f"control character U+{ord(found.group()):04X} is not allowed (a terminal would act on it)"
    )


def lookalike_key(text: str) -> str:
    """What a student sees, compared loosely: compatibility forms folded (NFKC), invisible
    characters dropped, case folded, runs of spaces as one, a final full stop ignored."""
    folded = _INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", text)).casefold()
    return " ".join(folded.split()).rstrip(". ")


def lookalike_items(items: Sequence[dict[str, Any]], *, ordered: bool) -> list[tuple[int, int, str]]:
    """(index, index of the earlier item, what looks alike) for items that would show the
    same option. ``ordered`` lists (RICE steps, strain grades) also compare what an order
    question shows: the text after a ``Step:`` label, and a grade's ``tear``."""
    out: list[tuple[int, int, str]] = []
    seen: dict[tuple[str, str], int] = {}
    for index, item in enumerate(items):
        text = item.get("text")
        if not isinstance(text, str):
            continue
        keys = [("text", lookalike_key(text))]
        if ordered:
            keys.append(("text", lookalike_key(text.split(":", 1)[-1])))
            tear = item.get("tear")
            if isinstance(tear, str):
                keys.append(("tear", lookalike_key(tear)))
        for key in dict.fromkeys(keys):
            first = seen.get(key)
            if first is not None and first != index:
                out.append((index, first, key[0]))
                break
            seen.setdefault(key, index)
    return out


def for_terminal(text: str) -> str:
    """``text`` without anything a terminal would act on: control characters (except
    newline and tab) and bidirectional controls are removed."""
    return text if is_plain(text) else _TERMINAL_DROP.sub("", text)


def one_line(text: str) -> str:
    """:func:`for_terminal`, with every line break and tab as one space: text printed this
    way can never start a line of its own (a fake ``saved:`` line in plain mode)."""
    if is_plain(text):
        return text
    return _TERMINAL_DROP.sub("", _BREAKS.sub(" ", text))


def for_file(text: str) -> str:
    """A whole output file's text (HTML, Markdown, GIFT, CSV) without control characters
    other than tab and line ends, and without bidirectional controls: none of them is
    part of any of these formats, and a reader's viewer would act on them."""
    return _FILE_DROP.sub("", text)


def json_for_terminal(line: str) -> str:
    """A JSON text (from ``json.dumps``, which escapes only C0) with C1, bidirectional,
    invisible and separator characters escaped as ``\\uXXXX`` too: the same data, inert
    on a terminal. Such characters can only stand inside JSON strings, so this is safe."""
    return _JSON_ESCAPE.sub(_json_escape, line)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # JSON spells characters beyond the BMP as a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"
