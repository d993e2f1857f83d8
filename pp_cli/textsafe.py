"""Make text from records safe to show: no terminal control sequences, no markup, nothing invisible.

Records are written by strangers. An ESC in a name could recolour or clear a
reviewer's terminal, a bidi override could disguise what a line says, and a
zero-width or blank character (U+200B, U+2060, U+00AD, U+3164, tag
characters…) could make a name look identical to a real one, so such
characters are shown as visible escapes (`\\x1b`, `\\u200b`) instead.
"""

from __future__ import annotations

import re

# Characters that draw nothing (or only space) yet are not ordinary spaces: zero-width and
# joiners, soft hyphen, fillers that look like blanks, invisible operators, variation
# selectors, interlinear annotations, line/paragraph separators and tag characters.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U0001d173-\U0001d17a\U000e0000-\U000e007f\U000e0100-\U000e01ef"
)
# C0 and C1 controls (keeping newline and tab), DEL, and the invisible characters above.
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}]")
_UNSAFE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_INVISIBLE}]")
# The invisible characters Python counts as printable (letters and marks that draw nothing).
_PRINTABLE_INVISIBLE = re.compile("[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u3164\ufe00-\ufe0f\uffa0"
                                  "\U000e0100-\U000e01ef]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def clean(text: object, *, single_line: bool = False) -> str:
    """`text` as a str with every control, bidi or invisible character made visible.

    With `single_line`, newlines and tabs are escaped too, so the result is one
    line of output that no record can break into a forged line of its own.
    """
    value = "" if text is None else str(text)
    if value.isprintable() and not _PRINTABLE_INVISIBLE.search(value):  # fast path: nothing to escape
        return value
    return (_UNSAFE_LINE if single_line else _UNSAFE).sub(_escape, value)
