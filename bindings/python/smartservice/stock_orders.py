"""Stock change orders: one order that brings phones into a customer's SWAP stock, takes units
out and sets per-model levels, billed separately once the customer approves it
(doc/stock-orders.md). An area of its own beside store.swap, as in the C API: its own records,
numbering and charge, decided like a refill request."""
import ctypes
import typing

from . import constants as C
from ._base import _Area, _pyinstant
from ._native import lib
from ._native_ops import STOCK_LINE_FN, STOCK_ORDER_FN, StockLine as _CLine, StockOrder as _COrder
from ._ops import _b, _opt_instant
from .enums import RefillState, StockDisposal, StockLineKind
from .results import StockLine, StockOrder


def _line(c) -> StockLine:
    kind = StockLineKind(c.kind)
    return StockLine(kind=kind, imei=c.imei.decode(), model=c.model.decode(),
                     disposal=StockDisposal(c.disposal) if kind == StockLineKind.REMOVE else None,
                     target=c.target)


def _order(o, lines=()) -> StockOrder:
    approved = o.state == C.REFILL_APPROVED and o.price_minor
    return StockOrder(customer_id=o.customer_id.decode(), number=o.number,
                      state=RefillState(o.state), price_minor=o.price_minor, adds=o.adds,
                      removes=o.removes, targets=o.targets, created_at=_pyinstant(o.created_at),
                      decided_at=_opt_instant(o.decided_at),
                      charge_index=o.charge_index if approved else None, lines=tuple(lines))


class StockOrders(_Area):
    """The stock change orders of a store's customers."""

    def new(self, customer_id: str, lines: typing.Sequence[StockLine], price_minor: int, *,
            actor: str) -> StockOrder:
        """Writes a pending order of @p lines (StockLine: kind ADD with imei and model, REMOVE
        with imei and disposal, TARGET with model and target) at @p price_minor öre; returns it.
        Nothing changes in the stock until the customer approves it (decide())."""
        cl = (_CLine * max(len(lines), 1))()
        for c, line in zip(cl, lines):
            self._check(lib.ssvc_stock_line_init(ctypes.byref(c), C.STOCK_LINE_VERSION))
            c.kind = int(StockLineKind(line.kind))
            c.imei, c.model = line.imei.encode(), line.model.encode()
            if line.disposal is not None:
                c.disposal = int(StockDisposal.from_key(line.disposal, self._ctx))
            c.target = int(line.target)
        number = ctypes.c_uint32()
        self._check(lib.ssvc_stock_order_new(self._h(), ctypes.byref(number), _b(customer_id), cl,
                                             len(lines), int(price_minor), _b(actor)))
        return self.get(customer_id, number.value)

    def decide(self, customer_id: str, number: int, approve: bool, *, actor: str) -> StockOrder:
        """The customer's answer: approving applies the whole order to the stock and charges
        its price; declining changes nothing else. StateError once decided."""
        self._check(lib.ssvc_stock_order_decide(self._h(), _b(customer_id), int(number),
                                                1 if approve else 0, _b(actor)))
        return self.get(customer_id, number)

    def get(self, customer_id: str, number: int) -> StockOrder:
        """The order with its lines; NotFound for another number."""
        o = _COrder()
        self._check(lib.ssvc_stock_order_init(ctypes.byref(o), C.STOCK_ORDER_VERSION))
        lines = []
        cb = STOCK_LINE_FN(lambda _ud, c: lines.append(_line(c.contents)) or 0)
        self._check(lib.ssvc_stock_order_get(self._h(), ctypes.byref(o), _b(customer_id),
                                             int(number), cb, None))
        return _order(o, lines)

    def list(self, customer_id: str) -> typing.List[StockOrder]:
        """The customer's orders by number (without their lines: get() gives those)."""
        out = []
        cb = STOCK_ORDER_FN(lambda _ud, o: out.append(_order(o.contents)) or 0)
        self._check(lib.ssvc_stock_order_list(self._h(), _b(customer_id), cb, None))
        return out
