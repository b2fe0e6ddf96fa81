"""Enumerations of the C API's kinds and states, with their stable keys.

Numbers come from smartservice.constants (generated from the headers and checked by
tests/test_constants.py); never write a number here.
"""
import enum

from ._base import _text
from ._native import lib

class Lang(enum.IntEnum):
    SV = 0
    EN = 1


class Feature(enum.IntFlag):
    """The features of rule R1."""
    DIAGNOSIS = 1 << 0
    REGISTRATION = 1 << 1
    PHONE_HELP = 1 << 2
    OS_HELP = 1 << 3
    SYNC = 1 << 4
    SWAP_ADMIN = 1 << 5
    SWAP_ACTIVATION = 1 << 6

    @property
    def key(self):
        """The stable key, e.g. "swap-activation" (single features only)."""
        return _text(lib.ssvc_feature_key(int(self)))

    def display_name(self, lang=Lang.EN):
        return _text(lib.ssvc_feature_name(int(self), int(lang)))


# ---- cases, agreements, diagnosis, calendar (h22pyA adds below this line) -----------------



# ---- SWAP pool, invoices, charges, prices, roster, backup phones, changes, reports ----------
# ---- (h22pyB adds below this line) ----------------------------------------------------------
