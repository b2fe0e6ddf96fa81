"""Money formatting and the IMEI / Luhn checks of the library (smartservice/common.h)."""
import ctypes

from . import constants as C
from ._native import lib


def format_money(amount_minor: int, currency: str = "SEK") -> str:
    """An amount in öre as the library writes it ("19.00 SEK", "-5.00 SEK"); currency None
    leaves the code out."""
    cur = None if currency is None else currency.encode()
    n = lib.ssvc_money_format(None, 0, int(amount_minor), cur)
    buf = ctypes.create_string_buffer(n + 1)
    lib.ssvc_money_format(buf, n + 1, int(amount_minor), cur)
    return buf.value.decode()


def luhn_check_digit(digits: str) -> int:
    """The Luhn check digit to append to @p digits; ValueError for a non-digit."""
    d = digits.encode()
    r = lib.ssvc_luhn_check_digit(d, len(d))
    if r < 0:
        raise ValueError("luhn_check_digit: %r is not a string of digits" % digits)
    return r


def luhn_valid(digits: str) -> bool:
    """True when the last digit of @p digits is its Luhn check digit."""
    d = digits.encode()
    return lib.ssvc_luhn_valid(d, len(d)) == 1


def imei_valid(imei: str) -> bool:
    """True for 15 digits with a valid Luhn check digit."""
    return lib.ssvc_imei_valid(imei.encode()) == 1


def imei_complete(body: str) -> str:
    """The full IMEI of its first 14 digits (the check digit appended); ValueError otherwise."""
    buf = ctypes.create_string_buffer(C.IMEI_SIZE)
    if lib.ssvc_imei_complete(buf, body.encode()) != 0:
        raise ValueError("imei_complete: %r is not 14 digits" % body)
    return buf.value.decode()
