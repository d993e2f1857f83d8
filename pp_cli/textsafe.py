"""Make text from records safe to show: no terminal control sequences, no markup.

Records are written by strangers. An ESC in a name could recolour or clear a
reviewer's terminal, and a bidi override could disguise what a line says, so
such characters are shown as visible escapes (`\\x1b`) instead.
"""

from __future__ import annotations

import re

# C0 and C1 controls (keeping newline and tab), DEL, and bidi/format overrides.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: object, *, single_line: bool = False) -> str:
    """`text` as a str with every control or bidi character made visible."""
    value = "" if text is None else str(text)
    if value.isprintable():  # fast path: no control or format characters at all
        return value
    return (_UNSAFE_LINE if single_line else _UNSAFE).sub(_escape, value)
