"""Calendar days as people write them: ISO (2025-12-31) and Estonian (31.12.2025).

A module of its own, below the model, so that the command line can read a date option
without loading the pydantic model.

Examples
--------
>>> parse_date("31.12.2025"), parse_date("2025-03-01")
(datetime.date(2025, 12, 31), datetime.date(2025, 3, 1))
>>> parse_date("31.02.2025")  # not a real day: returned as given, for validation to report
'31.02.2025'
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from partnermap.errors import PartnermapError

__all__ = ["parse_date", "require_day"]

_EE_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


def parse_date(value: Any) -> Any:
    """Accept ISO dates and the Estonian ``DD.MM.YYYY`` form; pass other values through.

    Examples
    --------
    >>> parse_date("31.12.2025")
    datetime.date(2025, 12, 31)
    >>> parse_date("2025-03-01")
    datetime.date(2025, 3, 1)
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        match = _EE_DATE.match(value)
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                return value  # not a real day: let validation report the text as given
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


def require_day(value: str | None, name: str) -> date | None:
    """``value`` as a date (ISO or Estonian), None for None; PartnermapError naming ``name``
    (the option or parameter the value came in) for anything else.

    Examples
    --------
    >>> require_day("31.12.2025", "--as-of"), require_day(None, "--as-of")
    (datetime.date(2025, 12, 31), None)
    >>> require_day("yesterday", "as_of")
    Traceback (most recent call last):
    ...
    partnermap.errors.PartnermapError: as_of: 'yesterday' is not a date (use 2025-12-31 or 31.12.2025)
    """
    if value is None:
        return None
    parsed = parse_date(value)
    if not isinstance(parsed, date):
        raise PartnermapError(f"{name}: {value!r} is not a date (use 2025-12-31 or 31.12.2025)")
    return parsed
