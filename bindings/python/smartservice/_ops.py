"""Helpers shared by the SWAP pool, money, invoice, report, roster, backup-phone, change-feed,
XML and storage areas (conversions the foundations in _base.py do not have)."""
import ctypes

from . import enums
from ._base import _pydate, _pyinstant, _text
from ._native_ops import WRITE_FN


def _b(v):
    """A str argument as bytes for the C call; None stays NULL."""
    return None if v is None else str(v).encode("utf-8")


def _opt_text(b):
    """A char array or string: None when empty."""
    t = _text(b)
    return t or None


def _opt_instant(seconds):
    """Unix seconds as an aware datetime; None for 0 (not yet)."""
    return _pyinstant(seconds) if seconds else None


def _agreement_enum(name, value):
    """An agreement term as its enum (enums.Replacement, enums.RepairedTo: the agreements' half
    of the binding), or its number where the enum is missing."""
    cls = getattr(enums, name, None)
    return cls(value) if cls is not None else value


def _order(o):
    """A struct ssvc_order as results.Order."""
    from .results import Order
    return Order(
        case_id=o.case_id.decode(), customer_id=o.customer_id.decode(), model=o.model.decode(),
        imei=_opt_text(o.imei), user_imei=_opt_text(o.user_imei),
        replacement=_agreement_enum("Replacement", o.replacement),
        repaired_to=_agreement_enum("RepairedTo", o.repaired_to),
        state=enums.OrderState(o.state), requested_at=_pyinstant(o.requested_at),
        reserved_at=_opt_instant(o.reserved_at), shipped_at=_opt_instant(o.shipped_at),
        delivery=_pydate(o.delivery), return_deadline=_pydate(o.return_deadline),
        returned_at=_opt_instant(o.returned_at), overdue=bool(o.overdue),
        promised=_pydate(o.promised), late_days=None if o.late_days < 0 else o.late_days)


class _Sink:
    """Collects what the library writes through an ssvc_write_fn, as bytes."""

    def __init__(self):
        self.parts = []
        self.fn = WRITE_FN(self._write)

    def _write(self, _ud, data, n):
        self.parts.append(ctypes.string_at(data, n))
        return 0

    def bytes(self):
        return b"".join(self.parts)
