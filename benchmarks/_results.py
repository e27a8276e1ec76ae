"""benchmarks/results.md is one file of sections, each written by one script: replace one, keep the rest."""
from __future__ import annotations

from pathlib import Path


def replace_section(path: Path, heading: str, text: str) -> None:
    """Put ``text`` (which opens with ``heading``, a ``## …`` line) in place of that section of ``path``,
    keeping the sections before and after it; at the end when the file has none."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    head, _, tail = old.partition("\n" + heading)
    rest = tail.partition("\n## ")[2]  # the sections after this one
    path.write_text(head.rstrip("\n") + "\n" + text + ("\n## " + rest if rest else ""), encoding="utf-8")


def publish(text: str, path: Path | None, heading: str) -> None:
    """Print a script's section, and put it in ``path`` (results.md) when one is given."""
    print(text)
    if path:
        replace_section(path, heading, text)
