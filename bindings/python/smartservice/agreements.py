"""The agreements of a store: each customer's terms, the root of its cases (doc/agreement.md)."""
import ctypes
import datetime
import typing

from . import constants as C, results
from ._base import _Area, _basis_points, _cdate, _instant, _pydate, _pyinstant, _text
from ._native import (lib, AGREEMENT_LIST_FN, AgreementEvent, AgreementModel, AgreementSpec,
                      Date, Party, TierSpec)
from .enums import AgreementEventKind, Feature, RepairedTo, Replacement, RosterPolicy

_NO = C.AGREEMENT_NO_OVERRIDE

# The party fields of a buyer (ssvc_party version 2), as dict keys.
PARTY_FIELDS = ("name", "org_number", "vat_number", "street", "postal_code", "city", "country",
                "endpoint", "legal_form", "bankgiro", "iban", "bic", "contact_name",
                "contact_phone", "contact_email")


def _party_dict(p):
    """A ssvc_party as a dict of its non-empty fields (f_skatt a bool)."""
    d = {f: _text(getattr(p, f)) for f in PARTY_FIELDS if getattr(p, f)}
    d["f_skatt"] = bool(p.f_skatt)
    return d


def _party(d):
    """A version-2 ssvc_party from a dict of its fields (f_skatt: bool)."""
    p = Party()
    p.version = C.PARTY_VERSION
    for f in PARTY_FIELDS:
        if d.get(f) is not None:
            setattr(p, f, str(d[f]).encode())
    p.f_skatt = 1 if d.get("f_skatt") else 0
    return p


def _override(v):
    return _NO if v is None else int(v)


def _overridden(v):
    return None if v == _NO else v


# The terms create() and update() take, with their defaults (doc/agreement.md).
_DEFAULTS = dict(
    replacement=Replacement.SWAP, repaired_to=RepairedTo.STOCK,
    swap_share=C.SWAP_DEFAULT_BASIS_POINTS, cutoff=None, return_days=None, closed_days=(),
    user_price_minor=None, freight_minor=None, packaging_minor=None,
    replacement_value_minor=None, models=(), vat=C.VAT_DEFAULT_BASIS_POINTS, swap_rent_minor=0,
    retention_months=0, buyer=None, buyer_reference=None, order_reference=None, payment_days=0,
    roster_policy=RosterPolicy.NONE, model_min_users=0, models_max=0)


class Agreements(_Area):
    """The agreements of a store (``store.agreements``): create one per customer before its
    cases, read it back as a results.Agreement, change it, list them.

    The terms (keyword arguments of create() and update()): replacement (Replacement or its
    key, rule R4), repaired_to (RepairedTo or key, R5), swap_share (basis points or a Decimal
    fraction, default 8%), cutoff (datetime.time or Stockholm seconds after midnight; None 14:00),
    return_days (None: 10), closed_days (dates), user_price_minor / freight_minor /
    packaging_minor / replacement_value_minor (öre; None: the default), models (ModelTerms),
    vat (basis points or Decimal fraction, default 25%), swap_rent_minor, retention_months,
    buyer (a dict of the party's fields: name, org_number, vat_number, street, postal_code,
    city, endpoint, ...), buyer_reference, order_reference, payment_days, roster_policy
    (RosterPolicy or key), model_min_users, models_max."""

    def create(self, customer_id: str, customer_name: str, tier, fleet: int, *, actor: str,
               **terms) -> None:
        """Stores a customer's agreement on a built-in tier ("BAS", "PROF") or a CustomTier.
        InvalidArgument names the field at fault; AlreadyExists when the customer has one."""
        unknown = set(terms) - set(_DEFAULTS)
        if unknown:
            raise TypeError("create() got unknown terms: " + ", ".join(sorted(unknown)))
        values = dict(_DEFAULTS, **terms)
        values.update(customer_id=customer_id, customer_name=customer_name, tier=tier,
                      fleet=fleet)
        spec, keep = self._spec(values)
        self._check(lib.ssvc_agreement_create(self._h(), ctypes.byref(spec), actor.encode()))
        del keep

    def update(self, customer_id: str, *, actor: str, expected_version: typing.Optional[int] = None,
               effective_at=None, **changes) -> results.Agreement:
        """Changes the terms given, keeping the others; returns the agreement as stored after.
        expected_version: the Agreement.version read before (Conflict when it changed since);
        None: the version this call reads, so that a change made meanwhile raises Conflict
        instead of being overwritten with the terms read. effective_at (aware datetime or Unix seconds): when fleet, tier
        and price changes take effect for billing, for a change agreed for another day
        (InvalidArgument when before the last recorded change); None: now. customer_name, tier
        and fleet may be changed too."""
        allowed = set(_DEFAULTS) | {"customer_name", "tier", "fleet"}
        unknown = set(changes) - allowed
        if unknown:
            raise TypeError("update() got unknown terms: " + ", ".join(sorted(unknown)))
        current = self.get(customer_id)
        values = self._values(current)
        values.update(changes)
        spec, keep = self._spec(values)
        expected = current.version if expected_version is None else int(expected_version)
        if effective_at is None:
            rc = lib.ssvc_agreement_update(self._h(), ctypes.byref(spec), expected,
                                           actor.encode())
        else:
            rc = lib.ssvc_agreement_update_from(self._h(), ctypes.byref(spec), expected,
                                                actor.encode(), _instant(effective_at))
        self._check(rc)
        del keep
        return self.get(customer_id)

    def get(self, customer_id: str) -> results.Agreement:
        """The customer's agreement as stored; NotFound when it has none."""
        return self._with(customer_id, self._read)

    def __contains__(self, customer_id: str) -> bool:
        return customer_id in self.list()

    def list(self) -> typing.List[str]:
        """The customer ids that have an agreement, in byte order."""
        ids = []

        def collect(_ud, cid):
            ids.append(cid.decode())
            return 0
        cb = AGREEMENT_LIST_FN(collect)
        self._check(lib.ssvc_agreement_list(self._h(), cb, None))
        return ids

    def replacement_value(self, customer_id: str, model: str) -> int:
        """The value charged for an unreturned faulty phone of @p model, in öre: the model's
        own, else the agreement's, else 0."""
        return self._with(customer_id,
                          lambda a: lib.ssvc_agreement_replacement_value(a, model.encode()))

    def calendar(self, customer_id: str):
        """The customer's working-day calendar (dates.Calendar): its cut-off, return deadline
        and closed days on the Swedish calendar."""
        from .dates import Calendar
        out = ctypes.c_void_p()
        self._with(customer_id, lambda a: self._check(
            lib.ssvc_agreement_calendar(self._ctx._h(), a, ctypes.byref(out))))
        return Calendar._adopt_handle(self._ctx, out.value)

    # ---- conversions ----------------------------------------------------------------------

    def _with(self, customer_id, fn):
        out = ctypes.c_void_p()
        self._check(lib.ssvc_agreement_load(self._h(), ctypes.byref(out), customer_id.encode()))
        try:
            return fn(out)
        finally:
            lib.ssvc_agreement_free(out)

    def _spec(self, v):
        """A ssvc_agreement_spec of the terms @p v, and what it points to (keep it alive)."""
        spec = AgreementSpec()
        self._check(lib.ssvc_agreement_spec_init(ctypes.byref(spec), C.AGREEMENT_SPEC_VERSION))
        keep = []
        spec.customer_id, spec.customer_name = v["customer_id"].encode(), v["customer_name"].encode()
        tier = v["tier"]
        if isinstance(tier, results.CustomTier):
            t = TierSpec()
            self._check(lib.ssvc_tier_spec_init(ctypes.byref(t), C.TIER_SPEC_VERSION))
            t.code, t.name_sv = tier.code.encode(), tier.name_sv.encode()
            t.name_en = None if tier.name_en is None else tier.name_en.encode()
            t.features, t.price_minor = int(tier.features), int(tier.price_minor)
            t.currency = None if tier.currency is None else tier.currency.encode()
            keep.append(t)
            spec.custom_tier = ctypes.pointer(t)
            spec.tier_code = tier.code.encode()
        else:
            spec.tier_code = (tier if isinstance(tier, str) else tier.code).encode()
        spec.fleet = int(v["fleet"])
        spec.replacement = int(Replacement.from_key(v["replacement"], self._ctx))
        spec.repaired_to = int(RepairedTo.from_key(v["repaired_to"], self._ctx))
        spec.swap_basis_points = _basis_points(v["swap_share"])
        cutoff = v["cutoff"]
        if isinstance(cutoff, datetime.time):
            cutoff = cutoff.hour * 3600 + cutoff.minute * 60 + cutoff.second
        spec.cutoff_seconds = int(cutoff or 0)
        spec.return_days = int(v["return_days"] or 0)
        days = list(v["closed_days"])
        if days:
            arr = (Date * len(days))(*[_cdate(d) for d in days])
            keep.append(arr)
            spec.closed_days, spec.closed_day_count = arr, len(days)
        spec.user_price_minor = _override(v["user_price_minor"])
        spec.freight_minor = _override(v["freight_minor"])
        spec.packaging_minor = _override(v["packaging_minor"])
        spec.replacement_value_minor = _override(v["replacement_value_minor"])
        models = [m if isinstance(m, results.ModelTerms) else results.ModelTerms(m)
                  for m in v["models"]]
        if models:
            arr = (AgreementModel * len(models))()
            for i, m in enumerate(models):
                arr[i].model = m.model.encode()
                arr[i].replacement_value_minor = _override(m.replacement_value_minor)
                arr[i].target = int(m.target)
            keep.append(arr)
            spec.models, spec.model_count = arr, len(models)
        spec.vat_basis_points = _basis_points(v["vat"])
        spec.swap_rent_minor = int(v["swap_rent_minor"])
        spec.retention_months = int(v["retention_months"])
        if v["buyer"] is not None:
            buyer = _party(v["buyer"])
            keep.append(buyer)
            spec.buyer = ctypes.pointer(buyer)
        spec.buyer_reference = None if not v["buyer_reference"] else v["buyer_reference"].encode()
        spec.order_reference = None if not v["order_reference"] else v["order_reference"].encode()
        spec.payment_days = int(v["payment_days"])
        spec.roster_policy = int(RosterPolicy.from_key(v["roster_policy"], self._ctx))
        spec.model_min_users = int(v["model_min_users"])
        spec.models_max = int(v["models_max"])
        return spec, keep

    @staticmethod
    def _values(a):
        """The terms of a results.Agreement, as create() takes them."""
        return dict(
            customer_id=a.customer_id, customer_name=a.customer_name,
            tier=a.custom_tier if a.custom_tier is not None else a.tier, fleet=a.fleet,
            replacement=a.replacement, repaired_to=a.repaired_to,
            swap_share=a.swap_share_basis_points, cutoff=a.cutoff_seconds,
            return_days=a.return_days, closed_days=a.closed_days,
            user_price_minor=a.user_price_minor, freight_minor=a.freight_minor,
            packaging_minor=a.packaging_minor, replacement_value_minor=a.replacement_value_minor,
            models=a.models, vat=a.vat_basis_points, swap_rent_minor=a.swap_rent_minor,
            retention_months=a.retention_months, buyer=a.buyer,
            buyer_reference=a.buyer_reference, order_reference=a.order_reference,
            payment_days=a.payment_days, roster_policy=a.roster_policy,
            model_min_users=a.model_min_users, models_max=a.models_max)

    def _read(self, a):
        s = AgreementSpec()
        s.version = C.AGREEMENT_SPEC_VERSION
        self._check(lib.ssvc_agreement_spec_get(a, ctypes.byref(s)))
        custom = None
        if s.custom_tier:
            t = s.custom_tier.contents
            custom = results.CustomTier(
                code=_text(t.code), name_sv=_text(t.name_sv), name_en=_text(t.name_en) or None,
                features=Feature(t.features), price_minor=t.price_minor,
                currency=_text(t.currency) or None)
        events = []
        for i in range(lib.ssvc_agreement_event_count(a)):
            e = AgreementEvent()
            e.version = C.AGREEMENT_EVENT_VERSION
            self._check(lib.ssvc_agreement_event_at(a, i, ctypes.byref(e)))
            events.append(results.AgreementEvent(at=_pyinstant(e.at), actor=_text(e.actor),
                                                  kind=AgreementEventKind(e.kind),
                                                  note=_text(e.note) or None))
        return results.Agreement(
            customer_id=_text(s.customer_id), customer_name=_text(s.customer_name),
            tier=_text(s.tier_code), custom_tier=custom, fleet=s.fleet,
            replacement=Replacement(s.replacement or C.REPLACEMENT_SWAP),
            repaired_to=RepairedTo(s.repaired_to or C.REPAIRED_TO_STOCK),
            swap_share_basis_points=s.swap_basis_points,
            cutoff_seconds=s.cutoff_seconds or C.CALENDAR_DEFAULT_CUTOFF,
            return_days=s.return_days or C.CALENDAR_DEFAULT_RETURN_DAYS,
            closed_days=tuple(_pydate(s.closed_days[i]) for i in range(s.closed_day_count)),
            user_price_minor=_overridden(s.user_price_minor),
            freight_minor=_overridden(s.freight_minor),
            packaging_minor=_overridden(s.packaging_minor),
            replacement_value_minor=_overridden(s.replacement_value_minor),
            models=tuple(results.ModelTerms(
                model=_text(s.models[i].model),
                replacement_value_minor=_overridden(s.models[i].replacement_value_minor),
                target=s.models[i].target) for i in range(s.model_count)),
            vat_basis_points=s.vat_basis_points, swap_rent_minor=s.swap_rent_minor,
            retention_months=s.retention_months,
            buyer=_party_dict(s.buyer.contents) if s.buyer else None,
            buyer_reference=_text(s.buyer_reference) or None,
            order_reference=_text(s.order_reference) or None, payment_days=s.payment_days,
            roster_policy=RosterPolicy(s.roster_policy), model_min_users=s.model_min_users,
            models_max=s.models_max,
            version=lib.ssvc_agreement_stored_version(a),
            features=Feature(lib.ssvc_agreement_features(a)),
            swap_level=lib.ssvc_agreement_swap_level(a),
            shipment_cost_minor=lib.ssvc_agreement_shipment_cost(a),
            created_at=_pyinstant(lib.ssvc_agreement_created_at(a)),
            updated_at=_pyinstant(lib.ssvc_agreement_updated_at(a)), events=tuple(events))
