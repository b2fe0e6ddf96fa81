"""Invoices of the monthly run (rule R8)."""
import ctypes
import decimal

from ._base import _Area, _Handle, _text
from ._native import lib, InvoiceTotals, Party
from .enums import Lang


class Invoice(_Handle):
    """An invoice of the monthly run (rule R8); stored, so running the month again gives it back."""
    _free = staticmethod(lib.ssvc_invoice_free)

    def __init__(self, ctx, ptr):
        super().__init__(ptr)
        self._ctx = ctx
        ctx._adopt(self)

    @property
    def number(self):
        return _text(lib.ssvc_invoice_number(self._h()))

    @property
    def totals(self):
        """Amounts as Decimal SEK: net, vat, payable."""
        t = InvoiceTotals()
        t.version = 1
        self._ctx._check(lib.ssvc_invoice_get_totals(self._h(), ctypes.byref(t)))
        money = lambda v: decimal.Decimal(v).scaleb(-2)  # noqa: E731
        return {"net": money(t.tax_exclusive), "vat": money(t.tax), "payable": money(t.payable),
                "lines": t.lines}

    def ubl(self):
        """The UBL 2.1 / Peppol BIS Billing 3.0 e-invoice as bytes (UTF-8 XML)."""
        n = ctypes.c_size_t()
        self._ctx._check(lib.ssvc_invoice_ubl(self._h(), None, 0, ctypes.byref(n)))
        buf = ctypes.create_string_buffer(n.value + 1)
        self._ctx._check(lib.ssvc_invoice_ubl(self._h(), buf, n.value + 1, ctypes.byref(n)))
        return buf.raw[:n.value]

    def text(self, lang=Lang.SV):
        n = lib.ssvc_invoice_text(self._h(), int(lang), None, 0)
        buf = ctypes.create_string_buffer(n + 1)
        lib.ssvc_invoice_text(self._h(), int(lang), buf, n + 1)
        return buf.value.decode()


def _party(p, version=1):
    """A party from a dict of its fields; version 2 has the endpoint, F-skatt (f_skatt: bool),
    payment account and contact, and its numbers are checked."""
    party = Party()
    party.version = version
    fields = ["name", "org_number", "vat_number", "street", "postal_code", "city", "country"]
    if version >= 2:
        fields += ["endpoint", "legal_form", "bankgiro", "iban", "bic", "contact_name",
                   "contact_phone", "contact_email"]
        party.f_skatt = 1 if p.get("f_skatt") else 0
    for field in fields:
        if p.get(field) is not None:
            setattr(party, field, p[field].encode())
    return party




class Invoices(_Area):
    """The invoice run and stored invoices of a store."""
