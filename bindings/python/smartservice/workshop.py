"""The workshop: repair orders to the service provider for a referred or returned phone
(doc/workshop.md)."""
import ctypes
import typing

from . import constants as C
from ._base import _Area, _pyinstant
from ._native import lib
from ._native_ops import REPAIR_ORDER_FN, RepairOrder as _COrder, RepairSpec
from ._ops import _b, _opt_instant
from .enums import RepairState
from .results import RepairOrder


def _order(o) -> RepairOrder:
    return RepairOrder(
        case_id=o.case_id.decode(), customer_id=o.customer_id.decode(), imei=o.imei.decode(),
        model=o.model.decode(), provider=o.provider.decode(), state=RepairState(o.state),
        moved_case=bool(o.moved_case),
        estimate_minor=None if o.estimate_minor == C.REPAIR_NO_ESTIMATE else o.estimate_minor,
        cost_minor=o.cost_minor, sent_at=_pyinstant(o.sent_at), done_at=_opt_instant(o.done_at),
        turnaround_days=None if o.turnaround_days < 0 else o.turnaround_days,
        note=o.note.decode(), updated_at=_pyinstant(o.updated_at))


class Workshop(_Area):
    """The repair orders of a store's cases (one per case)."""

    def send(self, case_id: str, provider: str, *, actor: str,
             estimate_minor: typing.Optional[int] = None,
             note: typing.Optional[str] = None) -> RepairOrder:
        """Sends the case's phone to @p provider (a referred or faulty-returned case); returns
        the order. StateError for a case in another state, AlreadyExists for a second order."""
        spec = RepairSpec()
        spec.version = C.REPAIR_SPEC_VERSION
        spec.case_id, spec.provider = _b(case_id), _b(provider)
        spec.estimate_minor = C.REPAIR_NO_ESTIMATE if estimate_minor is None else estimate_minor
        spec.note, spec.actor = _b(note), _b(actor)
        self._check(lib.ssvc_repair_order_send(self._h(), ctypes.byref(spec)))
        return self.get(case_id)

    def estimate(self, case_id: str, estimate_minor: int, *, actor: str) -> RepairOrder:
        """Records the provider's estimate (öre) on a sent order; returns the order."""
        self._check(lib.ssvc_repair_order_estimate(self._h(), _b(case_id), int(estimate_minor),
                                                   _b(actor)))
        return self.get(case_id)

    def done(self, case_id: str, outcome, cost_minor: int, *, actor: str) -> RepairOrder:
        """The provider is done: @p outcome RepairState.REPAIRED or SCRAPPED (or its key), at
        @p cost_minor öre; returns the order with its turnaround."""
        state = int(RepairState.from_key(outcome, self._ctx))
        self._check(lib.ssvc_repair_order_done(self._h(), _b(case_id), state, int(cost_minor),
                                               _b(actor)))
        return self.get(case_id)

    def get(self, case_id: str) -> RepairOrder:
        """The case's repair order; NotFound when it has none."""
        o = _COrder()
        self._check(lib.ssvc_repair_order_init(ctypes.addressof(o), C.REPAIR_ORDER_VERSION))
        self._check(lib.ssvc_repair_order_get(self._h(), ctypes.addressof(o), _b(case_id)))
        return _order(o)

    def list(self, customer_id: str) -> typing.List[RepairOrder]:
        """The customer's repair orders, by case id."""
        out = []
        cb = REPAIR_ORDER_FN(lambda _ud, o: out.append(_order(_COrder.from_address(o))) or 0)
        self._check(lib.ssvc_repair_order_list(self._h(), _b(customer_id), cb, None))
        return out
