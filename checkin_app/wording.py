"""Names in running Chinese text as an editor writes them: quotation marks are never doubled and
an organiser is not named twice (GB/T 15834-2011, the national standard for punctuation)."""

from __future__ import annotations

from collections.abc import Iterable

_SEPARATORS = " 　，,、:：-—"


def quoted(name: str) -> str:
    """“name”; quotation marks inside it become the inner pair: “2025年‘政府开放日’”."""
    inner = name.strip().replace("“", "‘").replace("”", "’")
    return f"“{inner}”"


def quoted_list(names: Iterable[str]) -> str:
    """“A”“B”“C”: between quoted items of a list the standard puts no 顿号 (4.5.3.5)."""
    return "".join(quoted(n) for n in names)


def without_organiser(name: str, organiser: str) -> str:
    """The event's name after "<organiser>举办": its own leading organiser dropped, so that
    "固原市城市管理局举办固原市城市管理局2025年…" reads "固原市城市管理局举办2025年…"."""
    text, who = name.strip(), organiser.strip()
    if who and text.startswith(who):
        rest = text[len(who) :].lstrip(_SEPARATORS)
        if rest:
            return rest
    return text
