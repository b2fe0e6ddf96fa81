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
    #: The how-to calls recorded on the case (store.cases.guide(), doc/guidance.md).
    guidance: typing.Tuple["CaseGuidance", ...] = ()


@dataclasses.dataclass(frozen=True)
class CaseGuidance:
    """A how-to call recorded on a case: the topic, its area (a Feature), solved or not solved,
    and for not solved the fault symptom to diagnose next."""
    at: datetime.datetime
    actor: str
    topic: str
    area: enums.Feature
    result: "enums.GuideResult"
    transcript: str
    diagnose: typing.Optional[str]


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

@dataclasses.dataclass(frozen=True)
class Unit:
    """A phone of a customer's SWAP stock."""
    customer_id: str
    imei: str
    model: str
    state: "enums.UnitState"
    case_id: typing.Optional[str]  # the case it serves or last served
    received_at: datetime.datetime
    updated_at: datetime.datetime


@dataclasses.dataclass(frozen=True)
class Order:
    """The swap or loan order of a case (doc/swap.md). replacement and repaired_to are the
    agreement's terms at the request (enums.Replacement, enums.RepairedTo)."""
    case_id: str
    customer_id: str
    model: str
    imei: typing.Optional[str]  # the replacement unit; None while backordered
    user_imei: typing.Optional[str]  # the user's faulty phone
    replacement: typing.Any
    repaired_to: typing.Any
    state: "enums.OrderState"
    requested_at: datetime.datetime
    reserved_at: typing.Optional[datetime.datetime]
    shipped_at: typing.Optional[datetime.datetime]
    delivery: typing.Optional[datetime.date]
    return_deadline: typing.Optional[datetime.date]
    returned_at: typing.Optional[datetime.datetime]
    overdue: bool
    promised: typing.Optional[datetime.date]  # the delivery promised at registration (rule R7)
    late_days: typing.Optional[int]  # working days the delivery is after the promise


@dataclasses.dataclass(frozen=True)
class RefillLine:
    """One line of refill advice; model None for the pool as a whole."""
    model: typing.Optional[str]
    available: int
    target: int
    backorders: int
    recommended: int


@dataclasses.dataclass(frozen=True)
class RefillAdvice:
    """Refill advice for a customer's stock: the phones to buy (total) and the lines."""
    total: int
    lines: typing.Tuple[RefillLine, ...]


@dataclasses.dataclass(frozen=True)
class RefillRequest:
    """A refill request (anmodan) as sent, with its state and the phones received."""
    customer_id: str
    number: int
    state: "enums.RefillState"
    total: int
    received: int
    lines: typing.Tuple[RefillLine, ...]


@dataclasses.dataclass(frozen=True)
class Overdue:
    """The result of the overdue check: how many orders were flagged now, and every overdue
    order (flagged now or before)."""
    flagged: int
    orders: typing.Tuple[Order, ...]


@dataclasses.dataclass(frozen=True)
class AccountCharge:
    """A charge on a customer's account, outside any case (doc/charges.md)."""
    index: int
    kind: "enums.ChargeKind"
    text_sv: typing.Optional[str]
    text_en: typing.Optional[str]
    quantity: int
    unit_price_minor: int
    date: datetime.date
    recorded_at: datetime.datetime
    actor: str
    invoiced: bool


@dataclasses.dataclass(frozen=True)
class Price:
    """A dated price: a list price (customer_id None) or a customer's override."""
    customer_id: typing.Optional[str]
    kind: "enums.ChargeKind"
    tier: typing.Optional[str]  # the monthly fee's tier; None for the other kinds
    valid_from: datetime.date
    amount_minor: int


@dataclasses.dataclass(frozen=True)
class InvoiceLine:
    """A line of an invoice; money in öre."""
    kind: "enums.ChargeKind"
    text_sv: typing.Optional[str]
    text_en: typing.Optional[str]
    quantity: int
    base_quantity: int
    unit_code: typing.Optional[str]
    unit_price_minor: int
    vat_basis_points: int
    net_minor: int
    vat_minor: int


@dataclasses.dataclass(frozen=True)
class InvoiceTotals:
    """An invoice's totals in öre."""
    lines: int
    vat_categories: int
    line_extension_minor: int
    tax_exclusive_minor: int
    tax_minor: int
    tax_inclusive_minor: int
    payable_minor: int
    line_vat_sum_minor: int


@dataclasses.dataclass(frozen=True)
class InvoiceEntry:
    """A stored invoice of a customer (Invoices.list())."""
    number: str
    year: int
    month: int
    direct: bool


@dataclasses.dataclass(frozen=True)
class CreditNoteEntry:
    """A stored credit note and the invoice it credits."""
    number: str
    invoice_number: str


@dataclasses.dataclass(frozen=True)
class ReportTargets:
    """A customer's report targets: shares in basis points, None where there is no target."""
    on_time_bp: typing.Optional[int] = None
    solved_on_phone_bp: typing.Optional[int] = None
    unreturned_max: typing.Optional[int] = None


@dataclasses.dataclass(frozen=True)
class ReportMonth:
    """A month's figures of a quality report."""
    year: int
    month: int
    cases: int
    solved_on_phone: int
    deliveries: int
    on_time: int
    unreturned: int


@dataclasses.dataclass(frozen=True)
class ReportFigures:
    """The figures of a quality report (the same the HTML, XML and CSV reports show)."""
    customer_name: str
    start: datetime.date
    end: datetime.date
    made: datetime.date
    period: ReportMonth
    closed: int
    median_close_seconds: int
    unreturned_value_minor: int
    unreturned_oldest_days: int
    overdue: int
    overdue_value_minor: int
    swap_status: int
    swap_available: int
    swap_level: int
    swap_to_buy: int
    backorders: int
    trend: typing.Tuple[ReportMonth, ...]
    targets: ReportTargets
    #: How-to calls recorded on the period's cases per area (phone-help, os-help, sync), and of
    #: them those that ended solved (doc/guidance.md).
    howto_calls: typing.Tuple[int, ...] = ()
    howto_solved: typing.Tuple[int, ...] = ()


@dataclasses.dataclass(frozen=True)
class RosterEntry:
    """A phone on a customer's roster and its user."""
    imei: str
    user_name: typing.Optional[str] = None
    phone: typing.Optional[str] = None
    email: typing.Optional[str] = None
    model: typing.Optional[str] = None
    purchased: typing.Optional[datetime.date] = None
    warranty_until: typing.Optional[datetime.date] = None


@dataclasses.dataclass(frozen=True)
class RosterImport:
    """What a roster import did (or, dry run, would do)."""
    rows: int
    added: int
    updated: int
    unchanged: int
    removed: int


@dataclasses.dataclass(frozen=True)
class ModelLine:
    """A model of the fleet or the stock, with its users and stock units."""
    model: str
    users: int
    stock: int
    consolidate: bool


@dataclasses.dataclass(frozen=True)
class ModelAdvice:
    """The few-models advice for a customer (doc/roster.md)."""
    stock_models: int
    fleet_models: int
    fleet_phones: int
    model_min_users: int
    models_max: int
    few_user_models: int
    stock_only_models: int
    from_roster: bool
    consolidate: bool
    lines: typing.Tuple[ModelLine, ...]
    text: str  # the advice as a sentence


@dataclasses.dataclass(frozen=True)
class BackupPhone:
    """A backup phone kept at a customer's site."""
    customer_id: str
    imei: str
    model: str
    terms: "enums.BackupTerms"
    state: "enums.BackupState"
    user: typing.Optional[str]
    price_minor: int
    received_at: datetime.datetime
    removed_at: typing.Optional[datetime.datetime]
    updated_at: datetime.datetime


@dataclasses.dataclass(frozen=True)
class Change:
    """One committed change of the store's change feed."""
    position: int
    kind: "enums.ChangeKind"
    op: "enums.ChangeOp"
    instant: datetime.datetime
    id: str


@dataclasses.dataclass(frozen=True)
class ImportResult:
    """What an XML import did."""
    imported: int
    replaced: int
    skipped: int
    bad: int
    agreements_imported: int
    agreements_replaced: int
    agreements_skipped: int


@dataclasses.dataclass(frozen=True)
class RepairOrder:
    """A case's repair order at the service provider (doc/workshop.md): money in öre, the
    turnaround in working days (None while sent)."""
    case_id: str
    customer_id: str
    imei: str
    model: str
    provider: str
    state: "enums.RepairState"
    moved_case: bool
    estimate_minor: typing.Optional[int]
    cost_minor: int
    sent_at: datetime.datetime
    done_at: typing.Optional[datetime.datetime]
    turnaround_days: typing.Optional[int]
    note: str
    updated_at: datetime.datetime


@dataclasses.dataclass(frozen=True)
class WorkshopFigures:
    """One line of the report's workshop figures: a provider or a model (key "(other)" for the
    rest); the mean turnaround in working days (None when none done), money in öre."""
    key: str
    done: int
    repaired: int
    scrapped: int
    at_provider: int
    turnaround_days: int
    mean_turnaround: typing.Optional[float]
    cost_minor: int


@dataclasses.dataclass(frozen=True)
class StockLine:
    """A line of a stock change order: a phone in (ADD: imei, model), a unit out (REMOVE: imei,
    disposal), or a model's new own SWAP level (TARGET: model, target)."""
    kind: "enums.StockLineKind"
    imei: str = ""
    model: str = ""
    disposal: typing.Optional["enums.StockDisposal"] = None
    target: int = 0


@dataclasses.dataclass(frozen=True)
class StockOrder:
    """A stock change order (doc/stock-orders.md): pending until the customer answers, its
    price in öre charged when approved."""
    customer_id: str
    number: int
    state: "enums.RefillState"
    price_minor: int
    adds: int
    removes: int
    targets: int
    created_at: datetime.datetime
    decided_at: typing.Optional[datetime.datetime]
    charge_index: typing.Optional[int]
    lines: typing.Tuple[StockLine, ...] = ()
