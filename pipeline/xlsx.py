"""What an xlsx cell can hold: shared by the command line's exports and the web page's basket."""
from __future__ import annotations

import re

# Characters an xlsx cell cannot hold (XML 1.0 control characters).
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xlsx_safe(df) -> int:
    """Remove, in place, the characters no xlsx cell can hold from ``df``'s text cells; how many
    cells had any."""
    import pandas as pd

    cleaned = 0
    for col in df.columns:
        if df[col].dtype == object or pd.api.types.is_string_dtype(df[col]):
            bad = df[col].map(lambda v: isinstance(v, str) and bool(XLSX_ILLEGAL.search(v)))
            cleaned += int(bad.sum())
            df[col] = df[col].map(lambda v: XLSX_ILLEGAL.sub("", v) if isinstance(v, str) else v)
    return cleaned
