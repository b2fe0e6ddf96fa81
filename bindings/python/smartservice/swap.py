"""The SWAP pool of a store (units, orders, refill requests, advice, overdue loans; doc/swap.md)."""
import ctypes
import typing

from . import constants as C
from .enums import OrderState, RefillState, UnitState
from ._base import _Area, _pyinstant
from ._native import lib, Order as _COrder, Unit as _CUnit
from ._native_ops import ORDER_FN, REFILL_FN, UNIT_FN
from ._ops import _b, _opt_text, _order
from .results import Order, Overdue, RefillAdvice, RefillLine, RefillRequest, Unit


def _unit(u):
    return Unit(customer_id=u.customer_id.decode(), imei=u.imei.decode(), model=u.model.decode(),
                state=UnitState(u.state), case_id=_opt_text(u.case_id),
                received_at=_pyinstant(u.received_at), updated_at=_pyinstant(u.updated_at))


def _line(p):
    line = p.contents
    return RefillLine(model=_opt_text(line.model), available=line.available, target=line.target,
                      backorders=line.backorders, recommended=line.recommended)


class SwapPool(_Area):
    """The SWAP pool of a store: the customers' stocks of swap and loan phones, the cases' orders
    (reserve, ship, the faulty phone back, repaired, the loan back, cancel), refill advice and
    requests (anmodan), and overdue returns. Every change takes ``actor``, who did it."""

    def _new_order(self):
        o = _COrder()
        self._check(lib.ssvc_order_init(ctypes.addressof(o), C.ORDER_VERSION))
        return o

    # ---- units --------------------------------------------------------------------------------

    def receive(self, customer_id: str, imei: str, model: str, *, actor: str) -> typing.Optional[str]:
        """Receives a phone into the customer's stock; returns the backordered case it went to
        straight away, or None when it is available. NotEntitled when the tier has no SWAP
        administration; AlreadyExists when the stock has the IMEI."""
        served = ctypes.create_string_buffer(C.CASE_ID_SIZE)
        self._check(lib.ssvc_swap_receive(self._h(), _b(customer_id), _b(imei), _b(model),
                                          _b(actor), served))
        return served.value.decode() or None

    def unit(self, customer_id: str, imei: str) -> Unit:
        """A unit of the customer's stock; NotFound when the stock has no such IMEI."""
        u = _CUnit()
        self._check(lib.ssvc_unit_init(ctypes.addressof(u), C.UNIT_VERSION))
        self._check(lib.ssvc_swap_unit_get(self._h(), ctypes.addressof(u), _b(customer_id),
                                           _b(imei)))
        return _unit(u)

    def units(self, customer_id: str) -> typing.List[Unit]:
        """Every unit of the customer's stock, by IMEI (retired ones too)."""
        out = []
        cb = UNIT_FN(lambda _ud, p: out.append(_unit(_CUnit.from_address(p))) or 0)
        self._check(lib.ssvc_swap_unit_list(self._h(), _b(customer_id), cb, None))
        return out

    def retire(self, customer_id: str, imei: str, *, actor: str, note: str = None) -> Unit:
        """Retires an available or in-repair unit for good; returns it. StateError in another
        state."""
        self._check(lib.ssvc_swap_retire(self._h(), _b(customer_id), _b(imei), _b(actor),
                                         _b(note)))
        return self.unit(customer_id, imei)

    # ---- orders -------------------------------------------------------------------------------

    def reserve(self, case_id: str, *, actor: str, model: str = None) -> Order:
        """Requests a swap or loan phone for a diagnosing or referred case (its agreement says
        which, rule R4): the order, reserved, or backordered when the stock has no phone of
        the model (the case's unless @p model is given)."""
        o = self._new_order()
        self._check(lib.ssvc_swap_reserve(self._h(), ctypes.addressof(o), _b(case_id), _b(model),
                                          _b(actor)))
        return _order(o)

    def ship(self, case_id: str, *, actor: str, carrier: str = None,
             tracking: str = None) -> Order:
        """Ships the reserved phone: the order with its delivery date (rule R7) and the faulty
        phone's return deadline; the case gets the shipment and its freight and packaging."""
        o = self._new_order()
        self._check(lib.ssvc_swap_ship(self._h(), ctypes.addressof(o), _b(case_id), _b(carrier),
                                       _b(tracking), _b(actor)))
        return _order(o)

    def faulty_returned(self, case_id: str, *, actor: str) -> Order:
        """The user's faulty phone is back (at the workshop now); returns the order."""
        self._check(lib.ssvc_swap_faulty_returned(self._h(), _b(case_id), _b(actor)))
        return self.order(case_id)

    def repaired(self, case_id: str, *, actor: str) -> Order:
        """The faulty phone is repaired (rule R5 routes it to the stock or the user); returns
        the order."""
        self._check(lib.ssvc_swap_repaired(self._h(), _b(case_id), _b(actor)))
        return self.order(case_id)

    def loan_returned(self, case_id: str, *, actor: str) -> Order:
        """The loan phone is back in the stock; returns the order (done)."""
        self._check(lib.ssvc_swap_loan_returned(self._h(), _b(case_id), _b(actor)))
        return self.order(case_id)

    def cancel(self, case_id: str, *, actor: str) -> Order:
        """Cancels a reserved or backordered order (the case is cancelled); returns it.
        StateError once shipped."""
        self._check(lib.ssvc_swap_cancel(self._h(), _b(case_id), _b(actor)))
        return self.order(case_id)

    def order(self, case_id: str) -> Order:
        """The swap or loan order of a case; NotFound when it has none."""
        o = self._new_order()
        self._check(lib.ssvc_swap_order_get(self._h(), ctypes.addressof(o), _b(case_id)))
        return _order(o)

    def orders(self, customer_id: str = None, state: OrderState = None) -> typing.List[Order]:
        """Orders of a customer (None: every customer) in a state (an OrderState or its key;
        None: every state). Backorders come in the order they will be served; others by case."""
        st = 0 if state is None else int(OrderState.from_key(state, self._ctx))
        out = []
        cb = ORDER_FN(lambda _ud, p: out.append(_order(_COrder.from_address(p))) or 0)
        self._check(lib.ssvc_swap_order_list(self._h(), _b(customer_id), st, cb, None))
        return out

    # ---- refill advice and requests -------------------------------------------------------------

    def advise(self, customer_id: str) -> RefillAdvice:
        """Refill advice for the customer's stock: the pool line (model None) first, then a line
        per model; changes nothing."""
        lines = []
        total = ctypes.c_uint32()
        cb = REFILL_FN(lambda _ud, p: lines.append(_line(p)) or 0)
        self._check(lib.ssvc_swap_advise(self._h(), _b(customer_id), ctypes.byref(total), cb,
                                         None))
        return RefillAdvice(total=total.value, lines=tuple(lines))

    def request_refill(self, customer_id: str, *, actor: str) -> typing.Optional[RefillRequest]:
        """Sends a refill request (anmodan) of the current advice to the customer: the request,
        pending; None when no phone is needed (nothing is stored)."""
        number, total = ctypes.c_uint32(), ctypes.c_uint32()
        self._check(lib.ssvc_swap_refill_request(self._h(), ctypes.byref(number),
                                                 ctypes.byref(total), _b(customer_id),
                                                 _b(actor)))
        return self.refill(customer_id, number.value) if number.value else None

    def decide_refill(self, customer_id: str, number: int, approve: bool,
                      phones: typing.Iterable[typing.Tuple[str, str]] = (), *,
                      actor: str) -> RefillRequest:
        """The customer's answer to request @p number. Approved: @p phones, (imei, model) pairs
        of the phones bought, are received (serving backorders first), all in one transaction.
        Declined: no phones. Returns the request; StateError when it was answered."""
        phones = list(phones)
        imeis = (ctypes.c_char_p * max(len(phones), 1))(*[_b(i) for i, _ in phones])
        models = (ctypes.c_char_p * max(len(phones), 1))(*[_b(m) for _, m in phones])
        self._check(lib.ssvc_swap_refill_decide(self._h(), _b(customer_id), number,
                                                1 if approve else 0, imeis, models, len(phones),
                                                _b(actor)))
        return self.refill(customer_id, number)

    def refill(self, customer_id: str, number: int) -> RefillRequest:
        """Refill request @p number of the customer as it was sent, with its state and the
        phones received; NotFound when there is none."""
        state, total, received = ctypes.c_int(), ctypes.c_uint32(), ctypes.c_uint32()
        lines = []
        cb = REFILL_FN(lambda _ud, p: lines.append(_line(p)) or 0)
        self._check(lib.ssvc_swap_refill_get(self._h(), ctypes.byref(state), ctypes.byref(total),
                                             ctypes.byref(received), _b(customer_id), number,
                                             cb, None))
        return RefillRequest(customer_id=customer_id, number=number,
                             state=RefillState(state.value), total=total.value,
                             received=received.value, lines=tuple(lines))

    # ---- overdue returns and erasure -------------------------------------------------------------

    def overdue(self, customer_id: str = None, *, actor: str) -> Overdue:
        """Flags the faulty phones not back by their return deadline (of a customer, or every
        customer): a newly flagged order gets an "unreturned" charge on its case, once. Returns
        how many were flagged now and every overdue order."""
        flagged = ctypes.c_size_t()
        orders = []
        cb = ORDER_FN(lambda _ud, p: orders.append(_order(_COrder.from_address(p))) or 0)
        self._check(lib.ssvc_swap_overdue(self._h(), _b(customer_id), _b(actor),
                                          ctypes.byref(flagged), cb, None))
        return Overdue(flagged=flagged.value, orders=tuple(orders))

    def erase_user(self, customer_id: str, contact: str, *, actor: str) -> int:
        """Right to erasure by the user's phone or e-mail (as store.cases' erasure), also
        clearing the user's faulty-phone IMEI from the orders; returns the cases erased."""
        count = ctypes.c_size_t()
        self._check(lib.ssvc_swap_erase_user(self._h(), ctypes.byref(count), _b(customer_id),
                                             _b(contact), _b(actor)))
        return count.value
