"""Charges on a customer's account, outside any case (doc/charges.md)."""
import ctypes
import datetime
import typing

from . import constants as C
from .enums import ChargeKind
from ._base import _Area, _cdate, _pydate, _pyinstant, _text
from ._native import lib, Charge as _CCharge, CHARGES_LIST_FN
from ._ops import _b
from .results import AccountCharge


def _ccharge(ctx, kind, unit_price_minor, date, quantity=1, text_sv=None, text_en=None):
    """A struct ssvc_charge (kind a ChargeKind or its key); the texts are kept alive on it."""
    c = _CCharge()
    ctx._check(lib.ssvc_charge_init(ctypes.byref(c), C.CHARGE_VERSION))
    c.kind = int(ChargeKind.from_key(kind, ctx))
    c._texts = (_b(text_sv), _b(text_en if text_en is not None else text_sv))
    c.text_sv, c.text_en = c._texts
    c.quantity, c.unit_price_minor = int(quantity), int(unit_price_minor)
    c.date = _cdate(date)
    return c


class Charges(_Area):
    """Charges on customers' accounts: recorded once, carried by the first invoice run of a
    month that begins after their date (doc/charges.md)."""

    def record(self, customer_id: str, kind: ChargeKind, unit_price_minor: int,
               date: datetime.date, *, actor: str, quantity: int = 1, text_sv: str = None,
               text_en: str = None) -> int:
        """Records a charge (kind a ChargeKind or its key, "backup-phone", ...; money in öre;
        a negative quantity is a credit; text_en defaults to text_sv). Returns its number on
        the account. UnknownName for another kind; NotFound for a customer without agreement."""
        c = _ccharge(self._ctx, kind, unit_price_minor, date, quantity, text_sv, text_en)
        index = ctypes.c_uint32()
        self._check(lib.ssvc_charges_record(self._h(), ctypes.byref(index), _b(customer_id),
                                            ctypes.byref(c), _b(actor)))
        return index.value

    def list(self, customer_id: str) -> typing.List[AccountCharge]:
        """The charges on the customer's account, oldest first."""
        out = []

        def cb(_ud, index, p, at, actor, invoiced):
            ch = p.contents
            out.append(AccountCharge(
                index=index, kind=ChargeKind(ch.kind), text_sv=_text(ch.text_sv),
                text_en=_text(ch.text_en), quantity=ch.quantity,
                unit_price_minor=ch.unit_price_minor, date=_pydate(ch.date),
                recorded_at=_pyinstant(at), actor=_text(actor), invoiced=bool(invoiced)))
            return 0
        self._check(lib.ssvc_charges_list(self._h(), _b(customer_id), CHARGES_LIST_FN(cb), None))
        return out
