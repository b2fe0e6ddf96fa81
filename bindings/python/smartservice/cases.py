"""The cases of a store (registration, states, diagnosis, warranty, estimates, notes, erasure)."""
import ctypes
import datetime
import typing

from . import constants as C, enums, errors, results
from ._base import _Area, _cdate, _instant, _pydate, _pyinstant, _text
from ._native import (lib, CASE_LIST_FN, CaseCharge, CaseDiagResult, CaseEstimateInfo, CaseEvent,
                      CaseInfo, CaseSpec, CaseStats, EraseKey, EraseResult, Order, Shipment)
from .enums import (CaseEventKind, CaseOutcome, CaseState, DiagAction, DiagReminder,
                    EstimateAnswer, Feature, ShipmentKind, Warranty)

_Instant = typing.Union[datetime.datetime, int]


def _enc(v):
    return None if v is None else str(v).encode()


def _opt(b):
    """A borrowed C string as text, None for NULL or ""."""
    return _text(b) or None


def _their_enum(name, value):
    """value as the other half's enum (enums.ChargeKind, enums.OrderState) when the package has
    it, else the plain number."""
    cls = getattr(enums, name, None)
    return cls(value) if cls is not None else value


def _charge_kind(kind, ctx):
    """A charge kind given as its enum, number or key ("repair") as its number."""
    if isinstance(kind, int):
        return int(kind)
    for k in range(C.CHARGE_KIND_COUNT):
        if _text(lib.ssvc_charge_kind_key(k)) == kind:
            return k
    raise errors.UnknownName(C.ENOTFOUND, "SSVC_ENOTFOUND", "unknown charge kind '%s'" % kind)


def _erasure(r):
    return results.Erasure(cases=r.cases, orders=r.orders, units=r.units, invoices=r.invoices)


class Cases(_Area):
    """The cases of a store (registration, states, diagnosis, warranty, estimates, notes, erasure).

    Got as ``store.cases``. Ids are the library's ("SC-2026-000123"); states and outcomes are
    enums.CaseState / enums.CaseOutcome (their keys, "diagnosing", are accepted too)."""

    # ---- registration and reading ---------------------------------------------------------

    def create(self, customer_id: str, user_name: typing.Optional[str], imei: str,
               model: typing.Optional[str], *, actor: str, tier=None,
               symptom: typing.Optional[str] = None, user_phone: typing.Optional[str] = None,
               user_email: typing.Optional[str] = None, serial: typing.Optional[str] = None,
               purchase_date: typing.Optional[datetime.date] = None,
               warranty_end: typing.Optional[datetime.date] = None, second_open: bool = False,
               at: typing.Optional[_Instant] = None) -> str:
        """Registers a case; returns its id ("SC-2026-000123").

        The customer's agreement is the root of the case (store.agreements.create() first): the
        case takes its tier and features from it; a customer without one raises NotFound. tier
        may be left out; given (a catalog.Tier or its code) it must be the agreement's tier, or
        InvalidArgument names both. With a roster (doc/roster.md) user_name and model may be
        None: the roster fills them. A second open case for the same IMEI of the customer raises
        AlreadyExists unless second_open (the "created" event then names the other case).
        at: when the call came (aware datetime or Unix seconds), for calls back-filled from a
        helpdesk's own tickets; None for the context's clock. It dates the case and fixes its
        delivery promise (Case.promised_delivery)."""
        spec = CaseSpec()
        self._check(lib.ssvc_case_spec_init(ctypes.byref(spec), C.CASE_SPEC_VERSION))
        spec.customer_id, spec.user_name = _enc(customer_id), _enc(user_name)
        spec.user_phone, spec.user_email = _enc(user_phone), _enc(user_email)
        spec.imei, spec.model, spec.serial = _enc(imei), _enc(model), _enc(serial)
        if purchase_date is not None:
            spec.purchase_date = _cdate(purchase_date)
        if warranty_end is not None:
            spec.warranty_end = _cdate(warranty_end)
        if tier is not None and not isinstance(tier, str):  # a catalog.Tier
            spec.tier_code, spec.features = tier.code.encode(), int(tier.features)
        else:
            spec.tier_code = _enc(tier)  # None: the agreement's tier
        spec.symptom, spec.actor = _enc(symptom), _enc(actor)
        spec.flags = C.CASE_SECOND_OPEN if second_open else 0
        spec.at = 0 if at is None else _instant(at)
        buf = ctypes.create_string_buffer(C.CASE_ID_SIZE)
        self._check(lib.ssvc_case_create(self._h(), buf, ctypes.byref(spec)))
        return buf.value.decode()

    def _with_case(self, case_id, fn):
        out = ctypes.c_void_p()
        self._check(lib.ssvc_case_load(self._h(), ctypes.byref(out), _enc(case_id)))
        try:
            return fn(out)
        finally:
            lib.ssvc_case_free(out)

    def get(self, case_id: str) -> results.Case:
        """The case as stored, with its history, shipments, charges, warranty and estimate.
        NotFound for an unknown id, InvalidArgument for a malformed one."""
        return self._with_case(case_id, self._read)

    def _read(self, c):
        info = CaseInfo()
        info.version = C.CASE_INFO_VERSION
        self._check(lib.ssvc_case_info_get(c, ctypes.byref(info)))
        events = []
        for i in range(info.event_count):
            e = CaseEvent()
            e.version = C.CASE_EVENT_VERSION
            self._check(lib.ssvc_case_event_at(c, i, ctypes.byref(e)))
            kind = CaseEventKind(e.kind)
            state_event = kind == CaseEventKind.STATE
            events.append(results.CaseEvent(
                at=_pyinstant(e.at), actor=_text(e.actor), kind=kind,
                from_state=CaseState(e.from_state) if state_event and e.from_state else None,
                to_state=CaseState(e.to_state) if state_event and e.to_state else None,
                note=_opt(e.note)))
        shipments = []
        for i in range(info.shipment_count):
            s = Shipment()
            s.version = C.SHIPMENT_VERSION
            self._check(lib.ssvc_case_shipment_at(c, i, ctypes.byref(s)))
            shipments.append(results.Shipment(
                kind=ShipmentKind(s.kind), at=_pyinstant(s.at), carrier=_opt(s.carrier),
                tracking=_opt(s.tracking), freight_minor=s.freight_minor))
        charges = []
        for i in range(info.charge_count):
            ch = CaseCharge()
            ch.version = C.CASE_CHARGE_VERSION
            self._check(lib.ssvc_case_charge_at(c, i, ctypes.byref(ch)))
            charges.append(results.CaseCharge(
                kind=_their_enum("ChargeKind", ch.kind), amount_minor=ch.amount_minor,
                currency=_text(ch.currency) or "SEK", text=_opt(ch.text)))
        w = ctypes.c_int()
        self._check(lib.ssvc_case_warranty(c, ctypes.byref(w)))
        return results.Case(
            id=_text(info.id), customer_id=_text(info.customer_id),
            user_name=_text(info.user_name), user_phone=_opt(info.user_phone),
            user_email=_opt(info.user_email), imei=_text(info.imei), model=_text(info.model),
            serial=_opt(info.serial), purchase_date=_pydate(info.purchase_date),
            warranty_end=_pydate(info.warranty_end), tier=_text(info.tier_code),
            features=Feature(info.features), symptom=_opt(info.symptom),
            state=CaseState(info.state), outcome=CaseOutcome(info.outcome),
            transcript=_opt(info.transcript), registered_at=_pyinstant(info.registered_at),
            updated_at=_pyinstant(info.updated_at), erased=bool(info.erased),
            promised_delivery=_pydate(info.promised_delivery), warranty=Warranty(w.value),
            estimate=self._estimate(c), events=tuple(events), shipments=tuple(shipments),
            charges=tuple(charges), guidance=tuple(self._guidance(c)))

    def _guidance(self, c):
        from ._native import CaseGuidance
        out = []
        for i in range(lib.ssvc_case_guidance_count(c)):
            g = CaseGuidance()
            g.version = C.CASE_GUIDANCE_VERSION
            self._check(lib.ssvc_case_guidance_at(c, i, ctypes.byref(g)))
            out.append(_guidance(g))
        return out

    def guide(self, case_id: str, tree, transcript: str, *, actor: str) -> results.CaseGuidance:
        """Records a finished how-to session on the case (@p tree a guidance DiagnosisTree, the
        session's transcript; doc/guidance.md) and returns what was recorded. The customer's
        tier must include the topic's area (NotEntitled otherwise); nothing else of the case
        changes. InvalidArgument for a fault tree or a transcript the tree cannot have made."""
        from ._native import CaseGuidance
        g = CaseGuidance()
        g.version = C.CASE_GUIDANCE_VERSION
        # the result borrows the transcript and actor given: keep them until it is read
        text, who = _enc(transcript), _enc(actor)
        self._check(lib.ssvc_case_guide(self._h(), ctypes.byref(g), _enc(case_id), tree._h(),
                                        text, who))
        return _guidance(g)

    def _estimate(self, c):
        e = CaseEstimateInfo()
        e.version = C.CASE_ESTIMATE_INFO_VERSION
        rc = lib.ssvc_case_estimate_get(c, ctypes.byref(e))
        if rc == errors.ENOTFOUND:
            return None
        self._check(rc)
        return results.CostEstimate(
            amount_minor=e.amount_minor, inspection_fee_minor=e.inspection_fee_minor,
            currency=_text(e.currency), text=_opt(e.text), actor=_text(e.actor),
            at=_pyinstant(e.at), answer=EstimateAnswer(e.answer),
            answered_by=_opt(e.answered_by), answer_actor=_opt(e.answer_actor),
            answered_at=_pyinstant(e.answered_at) if e.answered_at else None)

    # ---- lists and statistics -------------------------------------------------------------

    def _ids(self, call):
        ids = []

        def collect(_ud, case_id):
            ids.append(case_id.decode())
            return 0
        cb = CASE_LIST_FN(collect)
        self._check(call(cb))
        return ids

    def of_customer(self, customer_id: str, start: typing.Optional[_Instant] = None,
                    end: typing.Optional[_Instant] = None) -> typing.List[str]:
        """Ids of the customer's cases registered in [start, end) (aware datetimes or Unix
        seconds; None for no bound), by registration instant."""
        lo = _instant(start) if start is not None else -2**63
        hi = _instant(end) if end is not None else 2**63 - 1
        return self._ids(lambda cb: lib.ssvc_case_list_customer(self._h(), _enc(customer_id),
                                                                lo, hi, cb, None))

    def in_state(self, state) -> typing.List[str]:
        """Ids of the cases in @p state (a CaseState or its key), by id."""
        s = CaseState.from_key(state, self._ctx)
        return self._ids(lambda cb: lib.ssvc_case_list_state(self._h(), int(s), cb, None))

    def open(self) -> typing.List[str]:
        """Ids of the open cases (state below closed), by state and then id."""
        return self._ids(lambda cb: lib.ssvc_case_list_open(self._h(), cb, None))

    def all(self) -> typing.List[str]:
        """Ids of every case, by id (year, then number)."""
        return self._ids(lambda cb: lib.ssvc_case_list_all(self._h(), cb, None))

    def stats(self, customer_id: typing.Optional[str] = None) -> results.CaseStats:
        """Case counts by state and outcome, of one customer or (None) of the whole store."""
        st = CaseStats()
        st.version = C.CASE_STATS_VERSION
        self._check(lib.ssvc_case_stats_get(self._h(), _enc(customer_id), ctypes.byref(st)))
        return results.CaseStats(
            total=st.total, by_state={s: st.by_state[int(s)] for s in CaseState},
            by_outcome={o: st.by_outcome[int(o)] for o in CaseOutcome}, erased=st.erased)

    # ---- the workflow ---------------------------------------------------------------------

    def transition(self, case_id: str, state, *, actor: str,
                   note: typing.Optional[str] = None) -> None:
        """Moves the case to @p state (a CaseState or its key, "diagnosing"); StateError when
        the state machine does not allow it. The swap segment (swap-requested, shipped, and every
        move of a case that was swap-requested) belongs to the SWAP pool (store.swap): StateError
        names the pool operation."""
        to = CaseState.from_key(state, self._ctx)
        self._check(lib.ssvc_case_transition(self._h(), _enc(case_id), int(to), _enc(actor),
                                             _enc(note)))

    def set_diagnosis(self, case_id: str, outcome, *, actor: str,
                      transcript: typing.Optional[str] = None) -> None:
        """Records a diagnosis made outside the library's trees (unchecked): @p outcome a
        CaseOutcome or its key, with the transcript when there is one. The case must be
        diagnosing. For a DiagnosisSession use diagnose()."""
        o = CaseOutcome.from_key(outcome, self._ctx)
        self._check(lib.ssvc_case_set_diagnosis(self._h(), _enc(case_id), int(o),
                                                _enc(transcript), _enc(actor)))

    def _diag_result(self, call):
        r = CaseDiagResult()
        self._check(lib.ssvc_case_diag_result_init(ctypes.addressof(r),
                                                   C.CASE_DIAG_RESULT_VERSION))
        o = Order(version=C.ORDER_VERSION)
        self._check(call(ctypes.addressof(r), ctypes.addressof(o)))
        return results.DiagnosisResult(
            outcome=CaseOutcome(r.outcome), outcome_id=r.outcome_id.decode() or None,
            tree=r.tree.decode() or None, applied=bool(r.applied), action=DiagAction(r.action),
            state=CaseState(r.state),
            order_state=_their_enum("OrderState", r.order_state) if r.order_state else None,
            reminders=DiagReminder(r.reminders),
            missing_feature=Feature(r.missing_feature) if r.missing_feature else None)

    def diagnose(self, case_id: str, session, *, actor: str,
                 apply: bool = True) -> results.DiagnosisResult:
        """Records the finished DiagnosisSession on the case, which must be diagnosing, checked
        against the tree that asked it; with apply, does what its outcome says: closed,
        referred, a swap or loan order (then store.swap has it), or closed out of scope
        (doc/diagnosis.md, "A case's diagnosis")."""
        flags = C.CASE_DIAGNOSE_APPLY if apply else 0
        return self._diag_result(lambda r, o: lib.ssvc_case_diagnose(
            self._h(), r, o, _enc(case_id), session._tree._h(), session.transcript.encode(),
            _enc(actor), flags))

    def apply_outcome(self, case_id: str, *, actor: str, tree=None) -> results.DiagnosisResult:
        """Does what the case's recorded outcome says (the case must be diagnosing); @p tree is
        the DiagnosisTree the outcome came from when it was not the built-in one."""
        return self._diag_result(lambda r, o: lib.ssvc_case_apply_outcome(
            self._h(), r, o, _enc(case_id), None if tree is None else tree._h(), _enc(actor)))

    def add_note(self, case_id: str, note: str, *, actor: str) -> None:
        """Adds a note to the case's history (any state but closed)."""
        self._check(lib.ssvc_case_add_note(self._h(), _enc(case_id), _enc(actor), _enc(note)))

    def add_shipment(self, case_id: str, kind, *, actor: str, carrier: typing.Optional[str] = None,
                     tracking: typing.Optional[str] = None, freight_minor: int = 0,
                     at: typing.Optional[_Instant] = None) -> None:
        """Records a shipment of the case: @p kind a ShipmentKind or its key ("faulty"),
        freight_minor its freight and packaging cost in öre, at when it was sent (None: now)."""
        s = Shipment()
        self._check(lib.ssvc_shipment_init(ctypes.byref(s), C.SHIPMENT_VERSION))
        s.kind = int(ShipmentKind.from_key(kind, self._ctx))
        s.at = 0 if at is None else _instant(at)
        s.carrier, s.tracking = _enc(carrier), _enc(tracking)
        s.freight_minor = int(freight_minor)
        self._check(lib.ssvc_case_add_shipment(self._h(), _enc(case_id), _enc(actor),
                                               ctypes.byref(s)))

    def add_charge(self, case_id: str, kind, amount_minor: int, *, actor: str,
                   text: typing.Optional[str] = None, currency: typing.Optional[str] = None) -> None:
        """Adds a charge line to the case (any state): @p kind a charge kind (enums.ChargeKind,
        its number or key "repair"), amount in öre (negative: a credit). A repair charged to the
        customer on a case in warranty raises StateError."""
        ch = CaseCharge()
        self._check(lib.ssvc_case_charge_init(ctypes.byref(ch), C.CASE_CHARGE_VERSION))
        ch.kind = _charge_kind(kind, self._ctx)
        ch.amount_minor = int(amount_minor)
        ch.currency, ch.text = _enc(currency), _enc(text)
        self._check(lib.ssvc_case_add_charge(self._h(), _enc(case_id), _enc(actor),
                                             ctypes.byref(ch)))

    # ---- warranty and cost estimates (doc/charges.md "Warranty and cost estimates") -------

    def warranty(self, case_id: str) -> Warranty:
        """The case's repair against the phone's warranty end, by the Stockholm date of
        registration: Warranty.IN, OUT or UNKNOWN (treated as out)."""
        def get(c):
            w = ctypes.c_int()
            self._check(lib.ssvc_case_warranty(c, ctypes.byref(w)))
            return Warranty(w.value)
        return self._with_case(case_id, get)

    def estimate(self, case_id: str, amount_minor: int, *, actor: str,
                 inspection_fee_minor: int = 0, text: typing.Optional[str] = None) -> None:
        """Records the workshop's cost estimate (öre) on a referred or faulty-returned case out
        of warranty; the repair waits for the answer (StateError until then)."""
        self._check(lib.ssvc_case_estimate(self._h(), _enc(case_id), int(amount_minor),
                                           int(inspection_fee_minor), _enc(text), _enc(actor)))

    def answer_estimate(self, case_id: str, accepted: bool, who_answered: str, *,
                        actor: str) -> None:
        """The customer's answer: accepted adds a repair charge for the direct invoice;
        declined charges the inspection fee and closes the case. StateError when answered."""
        self._check(lib.ssvc_case_estimate_answer(self._h(), _enc(case_id), 1 if accepted else 0,
                                                  _enc(who_answered), _enc(actor)))

    def estimate_of(self, case_id: str) -> typing.Optional[results.CostEstimate]:
        """The case's cost estimate, or None when it has none."""
        return self._with_case(case_id, self._estimate)

    # ---- erasure (doc/erasure.md) ---------------------------------------------------------

    def erase_user(self, customer_id: str, *, actor: str, phone: typing.Optional[str] = None,
                   email: typing.Optional[str] = None, name: typing.Optional[str] = None,
                   imei: typing.Optional[str] = None) -> results.Erasure:
        """Right to erasure: erases the user of every case of the customer whose phone, e-mail,
        name or IMEI equals one given (at least one), everywhere (cases, SWAP orders and units,
        stored invoices). State, outcome, model, dates and amounts stay. InvalidArgument with
        no key; NotFound when the customer has neither agreement nor case."""
        key = EraseKey()
        self._check(lib.ssvc_erase_key_init(ctypes.byref(key), C.ERASE_KEY_VERSION))
        key.phone, key.email, key.name, key.imei = _enc(phone), _enc(email), _enc(name), _enc(imei)
        r = EraseResult(version=C.ERASE_RESULT_VERSION)
        self._check(lib.ssvc_erase_user(self._h(), ctypes.byref(r), _enc(customer_id),
                                        ctypes.byref(key), _enc(actor)))
        return _erasure(r)

    def erase_contact(self, customer_id: str, contact: str, *, actor: str) -> int:
        """Erases the user whose phone or e-mail is @p contact among the customer's cases (the
        older call: a customer with neither agreement nor case is 0 cases, not an error).
        Returns how many cases were erased."""
        n = ctypes.c_size_t()
        self._check(lib.ssvc_case_erase_user(self._h(), ctypes.byref(n), _enc(customer_id),
                                             _enc(contact), _enc(actor)))
        return n.value

    def erase_expired(self, *, actor: str, customer_id: typing.Optional[str] = None,
                      at: typing.Optional[_Instant] = None) -> results.Erasure:
        """Retention: erases every closed or cancelled case last changed more than its
        agreement's retention_months before @p at (None: the context's now), of one customer
        or (None) of every customer."""
        when = lib.ssvc_ctx_now(self._ctx._h()) if at is None else _instant(at)
        r = EraseResult(version=C.ERASE_RESULT_VERSION)
        self._check(lib.ssvc_erase_expired(self._h(), ctypes.byref(r), _enc(customer_id), when,
                                           _enc(actor)))
        return _erasure(r)


def _guidance(g) -> results.CaseGuidance:
    return results.CaseGuidance(
        at=_pyinstant(g.at), actor=_text(g.actor), topic=_text(g.topic),
        area=enums.Feature(g.feature), result=enums.GuideResult(g.result),
        transcript=_text(g.transcript), diagnose=_text(g.diagnose) or None)
