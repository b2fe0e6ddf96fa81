"""Dated prices stored in a store (list prices and customers' overrides) and price lists, the
prices an invoice run bills by (doc/charges.md)."""
import ctypes
import datetime
import typing

from . import constants as C
from .enums import ChargeKind
from ._base import _Area, _Handle, _cdate, _pydate, _text
from ._native import lib
from ._native_ops import FeeTerms, MonthInput, PRICE_LIST_FN, Price as _CPrice, UserCount
from ._ops import _b
from .results import Price


class PriceList(_Handle):
    """Prices by date: the catalogue's tier prices unless overridden, shipment amounts, and the
    stored prices when loaded from a store (store.prices.load()). Made once, it is reused across
    invoice runs (store.invoices.run(pricelist, ...)). The catalogue must outlive it."""
    _free = staticmethod(lib.ssvc_pricelist_free)

    def __init__(self, ctx, catalog, _ptr=None):
        """An empty price list over @p catalog (a Catalog) in @p ctx."""
        if _ptr is None:
            out = ctypes.c_void_p()
            ctx._check(lib.ssvc_pricelist_new(ctx._h(), ctypes.byref(out), catalog._h()))
            _ptr = out.value
        super().__init__(_ptr)
        self._ctx = ctx
        self._catalog = catalog  # kept alive with the price list
        ctx._adopt(self)

    def add_price(self, tier: str, valid_from: datetime.date, amount_minor: int) -> None:
        """The monthly fee per user of @p tier from @p valid_from on, for every customer."""
        self._ctx._check(lib.ssvc_pricelist_add_price(self._h(), _b(tier), _cdate(valid_from),
                                                      int(amount_minor)))

    def add_override(self, agreement: str, tier: str, valid_from: datetime.date,
                     amount_minor: int) -> None:
        """The monthly fee per user of @p tier for one agreement from @p valid_from on."""
        self._ctx._check(lib.ssvc_pricelist_add_override(self._h(), _b(agreement), _b(tier),
                                                         _cdate(valid_from), int(amount_minor)))

    def add_shipment(self, kind: ChargeKind, valid_from: datetime.date, amount_minor: int,
                     agreement: str = None) -> None:
        """The amount per shipment of @p kind (freight or packaging) from @p valid_from on, for
        every customer or one agreement."""
        k = int(ChargeKind.from_key(kind, self._ctx))
        self._ctx._check(lib.ssvc_pricelist_add_shipment(self._h(), _b(agreement), k,
                                                         _cdate(valid_from), int(amount_minor)))

    def lookup(self, tier: str, date: datetime.date, agreement: str = None) -> int:
        """The monthly fee per user of @p tier on @p date (for @p agreement when given), öre."""
        out = ctypes.c_int64()
        self._ctx._check(lib.ssvc_pricelist_lookup(self._h(), ctypes.byref(out), _b(agreement),
                                                   _b(tier), _cdate(date)))
        return out.value

    def shipment(self, kind: ChargeKind, date: datetime.date, agreement: str = None) -> int:
        """The amount per shipment of @p kind on @p date (for @p agreement when given), öre."""
        out = ctypes.c_int64()
        k = int(ChargeKind.from_key(kind, self._ctx))
        self._ctx._check(lib.ssvc_pricelist_shipment(self._h(), ctypes.byref(out), _b(agreement),
                                                     k, _cdate(date)))
        return out.value

    # ---- a month computed from the price list (charges.h) ------------------------------------

    def _month_input(self, agreement, tier, year, month, users, shipments, charges, vat, terms):
        from ._base import _basis_points
        from .charges import _ccharge
        m = MonthInput()
        self._ctx._check(lib.ssvc_month_input_init(ctypes.byref(m), C.MONTH_INPUT_VERSION))
        m.agreement, m.tier, m.year, m.month = _b(agreement), _b(tier), int(year), int(month)
        if isinstance(users, int):
            users = [(datetime.date(year, month, 1), users)]
        counts = (UserCount * max(len(users), 1))()
        for i, (start, n) in enumerate(users):
            counts[i].__setattr__("from", _cdate(start))
            counts[i].users = int(n)
        m.users, m.user_changes = counts, len(users)
        m.shipments = int(shipments)
        cs = [_ccharge(self._ctx, **c) if isinstance(c, dict) else c for c in charges]
        arr = (type(cs[0]) * len(cs))(*cs) if cs else None
        m.charges, m.charge_count = arr, len(cs)
        if vat is not None:
            m.vat_basis_points = _basis_points(vat)
        ts = (FeeTerms * max(len(terms), 1))()
        keep = []
        for i, t in enumerate(terms):
            ts[i].__setattr__("from", _cdate(t["valid_from"]))
            keep.append(_b(t.get("tier")))
            ts[i].tier = keep[-1]
            ts[i].user_price_minor = int(t.get("user_price_minor", 0))
            ts[i].tier_price_minor = int(t.get("tier_price_minor", 0))
        m.terms, m.term_count = (ts if terms else None), len(terms)
        m._keep = (counts, arr, cs, ts, keep)
        return m

    def fee(self, agreement: str, tier: str, year: int, month: int,
            users: typing.Union[int, typing.Sequence[typing.Tuple[datetime.date, int]]], *,
            vat=None, terms: typing.Sequence[dict] = ()) -> int:
        """The monthly fee of a month in öre. @p users: the user count, or (first day, count)
        pairs when it changed during the month. @p terms: the agreement's dated fee terms, dicts
        of valid_from, tier, user_price_minor, tier_price_minor."""
        m = self._month_input(agreement, tier, year, month, users, 0, (), vat, terms)
        out = ctypes.c_int64()
        self._ctx._check(lib.ssvc_charges_fee(self._h(), ctypes.byref(out), ctypes.byref(m)))
        return out.value

    def month(self, service, direct, agreement: str, tier: str, year: int, month: int,
              users, *, shipments: int = 0, charges: typing.Sequence = (), vat=None,
              terms: typing.Sequence[dict] = ()) -> None:
        """Appends one customer's month to invoices made by hand (Invoice.new()): to @p service
        the fee lines, freight and packaging of the month before's @p shipments and the charges
        not billed directly; to @p direct (may be None without such charges) repairs and cost
        estimates. @p charges: dicts of kind, unit_price_minor, date, quantity, text_sv,
        text_en. Nothing changes on failure."""
        m = self._month_input(agreement, tier, year, month, users, shipments, charges, vat,
                              terms)
        self._ctx._check(lib.ssvc_charges_month(self._h(), service._h(),
                                                None if direct is None else direct._h(),
                                                ctypes.byref(m)))


def _cprice(ctx, kind, valid_from, amount_minor, tier, customer_id):
    p = _CPrice()
    p.version = C.PRICE_VERSION
    p.customer_id, p.tier = _b(customer_id), _b(tier)
    p.kind = int(ChargeKind.from_key(kind, ctx))
    setattr(p, "from", _cdate(valid_from))
    p.amount_minor = int(amount_minor)
    return p


class Prices(_Area):
    """Dated prices stored in the store: list prices (every customer) and customers' overrides
    of the monthly fee per tier, the freight and packaging per shipment, the rent of a backup
    phone. An invoice run bills by them (store.prices.load())."""

    def set(self, kind: ChargeKind, valid_from: datetime.date, amount_minor: int, *,
            actor: str, tier: str = None, customer_id: str = None) -> None:
        """Stores a price valid from @p valid_from (kind "monthly-fee" with its tier, "freight",
        "packaging" or "backup-phone"); a price of the same item, customer and date is
        replaced. customer_id None: a list price; else the customer's override."""
        p = _cprice(self._ctx, kind, valid_from, amount_minor, tier, customer_id)
        self._check(lib.ssvc_price_set(self._h(), ctypes.byref(p), _b(actor)))

    def remove(self, kind: ChargeKind, valid_from: datetime.date, *, tier: str = None,
               customer_id: str = None) -> None:
        """Removes the stored price of the item, customer and date; NotFound when none."""
        p = _cprice(self._ctx, kind, valid_from, 0, tier, customer_id)
        self._check(lib.ssvc_price_remove(self._h(), ctypes.byref(p)))

    def list(self, customer_id: str = None) -> typing.List[Price]:
        """The list prices (customer_id None) or a customer's overrides, by kind, tier, date."""
        out = []

        def cb(_ud, pp):
            p = pp.contents
            out.append(Price(customer_id=_text(p.customer_id) or None, kind=ChargeKind(p.kind),
                             tier=_text(p.tier) or None, valid_from=_pydate(getattr(p, "from")),
                             amount_minor=p.amount_minor))
            return 0
        self._check(lib.ssvc_price_list(self._h(), _b(customer_id), PRICE_LIST_FN(cb), None))
        return out

    def load(self, catalog, customer_id: str = None) -> PriceList:
        """A price list of the stored prices over @p catalog: the list prices and the overrides
        of @p customer_id (None: of every customer). Load it once and reuse it across invoice
        runs; it does not follow later changes."""
        out = ctypes.c_void_p()
        self._check(lib.ssvc_pricelist_load(self._h(), ctypes.byref(out), catalog._h(),
                                            _b(customer_id)))
        return PriceList(self._ctx, catalog, out.value)
