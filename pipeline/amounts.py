"""Metric values as people write them, for every face that shows one (web page, command line)."""
from __future__ import annotations


def amount(value, unit: str = "") -> str:
    """A metric's value as people write it: 28076000000 元 → 280.76亿元, 3650 → 3,650, 0.125 → 0.125."""
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    for size, word in ((1e8, "亿"), (1e4, "万")):
        if abs(number) >= size and unit not in ("%", "‰", "年", "月", "日"):
            scaled = number / size
            return f"{scaled:,.2f}".rstrip("0").rstrip(".") + word + unit
    if number == int(number):
        return f"{int(number)}{unit}" if unit in ("年", "月", "日") else f"{int(number):,}{unit}"
    return f"{number:,.4f}".rstrip("0").rstrip(".") + unit


def amount_range(value, high=None, unit: str = "") -> str:
    """A value, or a range as written (5–10户); the unit once, after the upper end."""
    if high is None or high == "" or high != high:  # None, empty or NaN: no upper end
        return amount(value, unit)
    return amount(value) + "–" + amount(high, unit)


__all__ = ["amount", "amount_range"]
