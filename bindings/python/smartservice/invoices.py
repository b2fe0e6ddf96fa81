"""Invoices of the monthly run (rule R8), credit notes, parties and OCR references."""
import ctypes
import datetime
import typing

from . import constants as C
from .enums import ChargeKind
from ._base import _Area, _Handle, _basis_points, _cdate, _lang, _text
from ._native import lib, InvoiceRunSpec, InvoiceTotals as _CTotals, Party
from ._native_ops import (CREDIT_NOTE_LIST_FN, CreditSpec, INVOICE_LIST_FN, InvoiceInfo,
                          InvoiceLine as _CLine)
from ._ops import _b
from .results import CreditNoteEntry, InvoiceEntry, InvoiceLine, InvoiceTotals

_PARTY_FIELDS = ["name", "org_number", "vat_number", "street", "postal_code", "city", "country",
                 "endpoint", "legal_form", "bankgiro", "iban", "bic", "contact_name",
                 "contact_phone", "contact_email"]


def _party(p, version=C.PARTY_VERSION):
    """A struct ssvc_party from a dict of its fields (name, org_number, vat_number, street,
    postal_code, city, country, endpoint, f_skatt: bool, legal_form, bankgiro, iban, bic,
    contact_name, contact_phone, contact_email); a version-2 party's numbers are checked."""
    unknown = set(p) - set(_PARTY_FIELDS) - {"f_skatt"}
    if unknown:
        raise TypeError("unknown party fields: " + ", ".join(sorted(unknown)))
    party = Party()
    lib.ssvc_party_init(ctypes.byref(party), version)
    fields = _PARTY_FIELDS if version >= 2 else _PARTY_FIELDS[:7]
    if version >= 2:
        party.f_skatt = 1 if p.get("f_skatt") else 0
    for field in fields:
        if p.get(field) is not None:
            setattr(party, field, p[field].encode())
    return party


def ocr_reference(invoice_number: str) -> typing.Optional[str]:
    """The Swedish OCR payment reference of an invoice number ("INV-2026-000001" gives
    "202600000121"); None when the number has no digits or too many."""
    buf = ctypes.create_string_buffer(C.OCR_MAX + 1)
    n = lib.ssvc_ocr_reference(buf, len(buf), _b(invoice_number))
    return buf.value.decode() if n else None


def ocr_valid(ocr: str) -> bool:
    """True when @p ocr is a valid OCR reference (length digit and Luhn check digit)."""
    return bool(lib.ssvc_ocr_valid(_b(ocr)))


class Invoice(_Handle):
    """An invoice or credit note: of the monthly run (stored, so running the month again gives
    it back), loaded by number, or made by hand (Invoice.new())."""
    _free = staticmethod(lib.ssvc_invoice_free)

    def __init__(self, ctx, ptr):
        super().__init__(ptr)
        self._ctx = ctx
        ctx._adopt(self)

    @classmethod
    def new(cls, ctx, number: str, *, seller: dict, buyer: dict, issue_date: datetime.date,
            due_date: datetime.date, period_start: datetime.date, period_end: datetime.date,
            currency: str = "SEK", buyer_reference: str = None, order_reference: str = None,
            direct: bool = False) -> "Invoice":
        """An empty invoice made by hand (add lines with add_line(), or a month's with
        PriceList.month()); nothing is stored. InvalidArgument names the field at fault."""
        info = InvoiceInfo()
        ctx._check(lib.ssvc_invoice_info_init(ctypes.byref(info), C.INVOICE_INFO_VERSION))
        s, b = _party(seller), _party(buyer)
        info.number, info.currency = _b(number), _b(currency)
        info.issue_date, info.due_date = _cdate(issue_date), _cdate(due_date)
        info.period_start, info.period_end = _cdate(period_start), _cdate(period_end)
        info.seller, info.buyer = ctypes.pointer(s), ctypes.pointer(b)
        info.buyer_reference, info.order_reference = _b(buyer_reference), _b(order_reference)
        info.direct = 1 if direct else 0
        out = ctypes.c_void_p()
        ctx._check(lib.ssvc_invoice_new(ctx._h(), ctypes.byref(out), ctypes.byref(info)))
        return cls(ctx, out.value)

    def add_line(self, kind: ChargeKind, quantity: int, unit_price_minor: int, *,
                 text_sv: str = None, text_en: str = None, vat=C.VAT_DEFAULT_BASIS_POINTS, base_quantity: int = 1,
                 unit_code: str = None) -> None:
        """Appends a line (kind a ChargeKind or its key; vat basis points or a Decimal)."""
        line = _CLine()
        self._ctx._check(lib.ssvc_invoice_line_init(ctypes.byref(line), C.INVOICE_LINE_VERSION))
        line.kind = int(ChargeKind.from_key(kind, self._ctx))
        line.text_sv = _b(text_sv)
        line.text_en = _b(text_en if text_en is not None else text_sv)
        line.quantity, line.base_quantity = int(quantity), int(base_quantity)
        line.unit_code = _b(unit_code)
        line.unit_price_minor = int(unit_price_minor)
        line.vat_basis_points = _basis_points(vat)
        self._ctx._check(lib.ssvc_invoice_add_line(self._h(), ctypes.byref(line)))

    @property
    def number(self) -> str:
        return _text(lib.ssvc_invoice_number(self._h()))

    @property
    def direct(self) -> bool:
        """True for a direct invoice (repairs, cost estimates), False for the service invoice."""
        return bool(lib.ssvc_invoice_is_direct(self._h()))

    @property
    def credit_note(self) -> bool:
        return bool(lib.ssvc_invoice_is_credit_note(self._h()))

    @property
    def credited(self) -> typing.Optional[str]:
        """The number of the invoice a credit note credits; None for an invoice."""
        return _text(lib.ssvc_invoice_credited(self._h())) or None

    @property
    def ocr(self) -> typing.Optional[str]:
        """The OCR payment reference of the invoice's number."""
        return ocr_reference(self.number)

    @property
    def totals(self) -> InvoiceTotals:
        """The invoice's totals in öre."""
        t = _CTotals()
        self._ctx._check(lib.ssvc_invoice_totals_init(ctypes.byref(t), C.INVOICE_TOTALS_VERSION))
        self._ctx._check(lib.ssvc_invoice_get_totals(self._h(), ctypes.byref(t)))
        return InvoiceTotals(lines=t.lines, vat_categories=t.vat_categories,
                             line_extension_minor=t.line_extension,
                             tax_exclusive_minor=t.tax_exclusive, tax_minor=t.tax,
                             tax_inclusive_minor=t.tax_inclusive, payable_minor=t.payable,
                             line_vat_sum_minor=t.line_vat_sum)

    def lines(self) -> typing.List[InvoiceLine]:
        """The invoice's lines in order."""
        out = []
        for i in range(lib.ssvc_invoice_line_count(self._h())):
            line = _CLine()
            self._ctx._check(lib.ssvc_invoice_line_init(ctypes.byref(line),
                                                        C.INVOICE_LINE_VERSION))
            self._ctx._check(lib.ssvc_invoice_line_get(self._h(), i, ctypes.byref(line)))
            out.append(InvoiceLine(
                kind=ChargeKind(line.kind), text_sv=_text(line.text_sv),
                text_en=_text(line.text_en), quantity=line.quantity,
                base_quantity=line.base_quantity, unit_code=_text(line.unit_code),
                unit_price_minor=line.unit_price_minor, vat_basis_points=line.vat_basis_points,
                net_minor=line.net_minor, vat_minor=line.vat_minor))
        return out

    def ubl(self) -> bytes:
        """The UBL 2.1 / Peppol BIS Billing 3.0 e-invoice (or credit note) as UTF-8 XML bytes."""
        n = ctypes.c_size_t()
        self._ctx._check(lib.ssvc_invoice_ubl(self._h(), None, 0, ctypes.byref(n)))
        buf = ctypes.create_string_buffer(n.value + 1)
        self._ctx._check(lib.ssvc_invoice_ubl(self._h(), buf, n.value + 1, ctypes.byref(n)))
        return buf.raw[:n.value]

    def ubl_file(self, path) -> None:
        """Writes the UBL e-invoice to the file @p path."""
        self._ctx._check(lib.ssvc_invoice_ubl_file(self._h(), _b(path)))

    def text(self, lang=None) -> str:
        """The invoice as plain text in @p lang (None: the context's language)."""
        n = lib.ssvc_invoice_text(self._h(), _lang(self._ctx, lang), None, 0)
        buf = ctypes.create_string_buffer(n + 1)
        lib.ssvc_invoice_text(self._h(), _lang(self._ctx, lang), buf, n + 1)
        return buf.value.decode()


class Invoices(_Area):
    """The invoice run and the stored invoices and credit notes of a store."""

    def run(self, pricelist, customer_id: str, year: int, month: int, seller: dict, *,
            buyer: dict = None, due_days: int = 0,
            dry_run: bool = False) -> typing.Tuple[Invoice, typing.Optional[Invoice]]:
        """Runs (or returns the stored) invoices of a customer's month: (service, direct or
        None). @p pricelist: a PriceList (store.prices.load(catalog), loaded once for many runs)
        or a Catalog (the stored prices are loaded for this run). seller and buyer are dicts of
        the party's fields; buyer None: the agreement's. due_days 0: the agreement's payment
        terms. dry_run: what the run would bill, with provisional numbers, storing nothing."""
        from .prices import PriceList
        owned = None
        if not isinstance(pricelist, PriceList):
            owned = pricelist = self._store.prices.load(pricelist, customer_id)
        try:
            spec = InvoiceRunSpec()
            self._check(lib.ssvc_invoice_run_spec_init(ctypes.byref(spec),
                                                       C.INVOICE_RUN_SPEC_VERSION))
            seller_c = _party(seller)
            buyer_c = _party(buyer) if buyer is not None else None
            spec.customer_id, spec.year, spec.month = _b(customer_id), int(year), int(month)
            spec.pricelist, spec.seller = pricelist._h(), ctypes.pointer(seller_c)
            spec.buyer = ctypes.pointer(buyer_c) if buyer_c is not None else None
            spec.due_days = int(due_days)
            spec.dry_run = 1 if dry_run else 0
            out = [ctypes.c_void_p(), ctypes.c_void_p()]
            self._check(lib.ssvc_invoice_run(self._h(), ctypes.byref(out[0]),
                                             ctypes.byref(out[1]), ctypes.byref(spec)))
            return tuple(Invoice(self._ctx, o.value) if o.value else None for o in out)
        finally:
            if owned is not None:
                owned.close()

    def load(self, number: str) -> Invoice:
        """A stored invoice or credit note by number; NotFound when none."""
        out = ctypes.c_void_p()
        self._check(lib.ssvc_invoice_load(self._h(), ctypes.byref(out), _b(number)))
        return Invoice(self._ctx, out.value)

    def list(self, customer_id: str = None) -> typing.List[InvoiceEntry]:
        """The stored invoices of a customer (None: every customer)."""
        out = []
        cb = INVOICE_LIST_FN(lambda _ud, n, y, m, d: out.append(
            InvoiceEntry(number=_text(n), year=y, month=m, direct=bool(d))) or 0)
        self._check(lib.ssvc_invoice_list(self._h(), _b(customer_id), cb, None))
        return out

    def credit(self, invoice_number: str, reason: str, *,
               lines: typing.Sequence[int] = None) -> Invoice:
        """Issues and stores a credit note of a stored invoice: of all its lines, or of the
        lines numbered in @p lines (from 1, as in the UBL). StateError when a line is already credited."""
        spec = CreditSpec()
        self._check(lib.ssvc_credit_spec_init(ctypes.byref(spec), C.CREDIT_SPEC_VERSION))
        spec.invoice_number, spec.reason = _b(invoice_number), _b(reason)
        if lines:
            arr = (ctypes.c_size_t * len(lines))(*lines)
            spec.lines, spec.line_count = arr, len(lines)
        out = ctypes.c_void_p()
        self._check(lib.ssvc_credit_note_issue(self._h(), ctypes.byref(out), ctypes.byref(spec)))
        return Invoice(self._ctx, out.value)

    def credit_notes(self, customer_id: str = None) -> typing.List[CreditNoteEntry]:
        """The stored credit notes of a customer (None: every customer)."""
        out = []
        cb = CREDIT_NOTE_LIST_FN(lambda _ud, n, inv: out.append(
            CreditNoteEntry(number=_text(n), invoice_number=_text(inv))) or 0)
        self._check(lib.ssvc_credit_note_list(self._h(), _b(customer_id), cb, None))
        return out

    def check_party(self, party: dict) -> None:
        """Checks a party's numbers (organisation number, VAT number, bankgiro, IBAN, endpoint)
        as the invoice run would; InvalidArgument names the field at fault."""
        p = _party(party)
        self._check(lib.ssvc_party_check(self._ctx._h(), ctypes.byref(p)))
