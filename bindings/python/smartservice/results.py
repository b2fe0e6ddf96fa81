"""Results as frozen dataclasses: what the library gives back, read-only.

Dates are datetime.date, instants aware UTC datetimes, money integer öre (``*_minor``) with the
currency beside it, states and kinds the enums of smartservice.enums.
"""
import dataclasses  # noqa: F401  (the areas below use these)
import datetime  # noqa: F401
import typing  # noqa: F401

from . import enums  # noqa: F401


# ---- cases, agreements, diagnosis, calendar (h22pyA adds below this line) -----------------

@dataclasses.dataclass(frozen=True)
class CaseEvent:
    """One entry of a case's history."""
    at: datetime.datetime
    actor: str
    kind: enums.CaseEventKind
    from_state: typing.Optional[enums.CaseState]  # state events only
    to_state: typing.Optional[enums.CaseState]
    note: typing.Optional[str]


@dataclasses.dataclass(frozen=True)
class Shipment:
    """A shipment of a case (the replacement phone out, the faulty phone in, ...)."""
    kind: enums.ShipmentKind
    at: datetime.datetime
    carrier: typing.Optional[str]
    tracking: typing.Optional[str]
    freight_minor: int


@dataclasses.dataclass(frozen=True)
class CaseCharge:
    """A charge line of a case; kind is a charge kind number (enums.ChargeKind)."""
    kind: int
    amount_minor: int
    currency: str
    text: typing.Optional[str]


@dataclasses.dataclass(frozen=True)
class CostEstimate:
    """The workshop's cost estimate on a case out of warranty and the customer's answer."""
    amount_minor: int
    inspection_fee_minor: int
    currency: str
    text: typing.Optional[str]
    actor: str
    at: datetime.datetime
    answer: enums.EstimateAnswer
    answered_by: typing.Optional[str]
    answer_actor: typing.Optional[str]
    answered_at: typing.Optional[datetime.datetime]


@dataclasses.dataclass(frozen=True)
class Case:
    """A case as stored: what was registered, its state, diagnosis and history."""
    id: str
    customer_id: str
    user_name: str
    user_phone: typing.Optional[str]
    user_email: typing.Optional[str]
    imei: str
    model: str
    serial: typing.Optional[str]
    purchase_date: typing.Optional[datetime.date]
    warranty_end: typing.Optional[datetime.date]
    tier: str
    features: enums.Feature
    symptom: typing.Optional[str]
    state: enums.CaseState
    outcome: enums.CaseOutcome
    transcript: typing.Optional[str]
    registered_at: datetime.datetime
    updated_at: datetime.datetime
    erased: bool
    promised_delivery: typing.Optional[datetime.date]
    warranty: enums.Warranty
    estimate: typing.Optional[CostEstimate]
    events: typing.Tuple[CaseEvent, ...]
    shipments: typing.Tuple[Shipment, ...]
    charges: typing.Tuple[CaseCharge, ...]


@dataclasses.dataclass(frozen=True)
class DiagnosisResult:
    """What recording (and applying) a case's diagnosis did (doc/diagnosis.md)."""
    outcome: enums.CaseOutcome
    outcome_id: typing.Optional[str]
    tree: typing.Optional[str]
    applied: bool
    action: enums.DiagAction
    state: enums.CaseState
    order_state: typing.Optional[int]  # enums.OrderState of the order made; None without one
    reminders: enums.DiagReminder
    missing_feature: typing.Optional[enums.Feature]


@dataclasses.dataclass(frozen=True)
class CaseStats:
    """Case counts of a store or a customer."""
    total: int
    by_state: typing.Dict[enums.CaseState, int]
    by_outcome: typing.Dict[enums.CaseOutcome, int]
    erased: int


@dataclasses.dataclass(frozen=True)
class Erasure:
    """What an erasure changed."""
    cases: int
    orders: int
    units: int
    invoices: int


@dataclasses.dataclass(frozen=True)
class ModelTerms:
    """A phone model of an agreement: its replacement value (None: the agreement's) and its own
    SWAP level (0: none)."""
    model: str
    replacement_value_minor: typing.Optional[int] = None
    target: int = 0


@dataclasses.dataclass(frozen=True)
class CustomTier:
    """A tier made for one customer, stored with its agreement."""
    code: str
    name_sv: str
    name_en: typing.Optional[str] = None
    features: enums.Feature = enums.Feature(0)
    price_minor: int = 0
    currency: typing.Optional[str] = None


@dataclasses.dataclass(frozen=True)
class AgreementEvent:
    """One entry of an agreement's history."""
    at: datetime.datetime
    actor: str
    kind: enums.AgreementEventKind
    note: typing.Optional[str]


@dataclasses.dataclass(frozen=True)
class Agreement:
    """A customer's agreement as stored (doc/agreement.md). Money in öre; None where the
    agreement takes the default (the tier's price, the standard freight and packaging)."""
    customer_id: str
    customer_name: str
    tier: str
    custom_tier: typing.Optional[CustomTier]
    fleet: int
    replacement: enums.Replacement
    repaired_to: enums.RepairedTo
    swap_share_basis_points: int
    cutoff_seconds: int  # Stockholm seconds after midnight
    return_days: int
    closed_days: typing.Tuple[datetime.date, ...]
    user_price_minor: typing.Optional[int]
    freight_minor: typing.Optional[int]
    packaging_minor: typing.Optional[int]
    replacement_value_minor: typing.Optional[int]
    models: typing.Tuple[ModelTerms, ...]
    vat_basis_points: int
    swap_rent_minor: int
    retention_months: int
    buyer: typing.Optional[typing.Dict[str, typing.Any]]
    buyer_reference: typing.Optional[str]
    order_reference: typing.Optional[str]
    payment_days: int
    roster_policy: enums.RosterPolicy
    model_min_users: int
    models_max: int
    # what the library works out from the terms
    version: int
    features: enums.Feature
    swap_level: int
    shipment_cost_minor: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    events: typing.Tuple[AgreementEvent, ...]


@dataclasses.dataclass(frozen=True)
class LocalTime:
    """A Stockholm wall-clock time: the date, the time of day and the UTC offset in seconds."""
    date: datetime.date
    time: datetime.time
    utc_offset: int


@dataclasses.dataclass(frozen=True)
class Holiday:
    """A day the calendar closes for: its date, which holiday, its name, and whether the
    calendar opens it (an eve opened by the options)."""
    date: datetime.date
    holiday: enums.Holiday
    name: str
    working: bool


@dataclasses.dataclass(frozen=True)
class CenterIdentity:
    """The Support Center's identity (the return address of notes and labels)."""
    party: typing.Dict[str, typing.Any]
    set_by: str
    set_at: datetime.datetime



# ---- SWAP pool, invoices, charges, prices, roster, backup phones, changes, reports ----------
# ---- (h22pyB adds below this line) ----------------------------------------------------------
