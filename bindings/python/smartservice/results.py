"""Results as frozen dataclasses: what the library gives back, read-only.

Dates are datetime.date, instants aware UTC datetimes, money integer öre (``*_minor``) with the
currency beside it, states and kinds the enums of smartservice.enums.
"""
import dataclasses  # noqa: F401  (the areas below use these)
import datetime  # noqa: F401
import typing  # noqa: F401

from . import enums  # noqa: F401


# ---- cases, agreements, diagnosis, calendar (h22pyA adds below this line) -----------------



# ---- SWAP pool, invoices, charges, prices, roster, backup phones, changes, reports ----------
# ---- (h22pyB adds below this line) ----------------------------------------------------------
