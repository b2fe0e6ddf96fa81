"""Quality reports (rule R9) and their targets."""
import ctypes
import datetime
import typing

from . import constants as C, results
from .enums import ReportFormat
from ._base import _Area, _Handle, _cdate, _lang, _pydate
from ._native import lib, REPORT_PROGRESS_FN, ReportOptions
from ._native_ops import ReportFigures as _CFigures, ReportTargets as _CTargets
from ._ops import _b, _Sink
from .results import ReportFigures, ReportMonth, ReportTargets


def _target(v):
    return None if v == C.REPORT_NO_TARGET else v


def _targets(t):
    return ReportTargets(on_time_bp=_target(t.on_time_bp),
                         solved_on_phone_bp=_target(t.solved_on_phone_bp),
                         unreturned_max=_target(t.unreturned_max))


def _month(m):
    return ReportMonth(year=m.year, month=m.month, cases=m.cases,
                       solved_on_phone=m.solved_on_phone, deliveries=m.deliveries,
                       on_time=m.on_time, unreturned=m.unreturned)


class Report(_Handle):
    """A customer's quality report for a period (rule R9), without personal data."""
    _free = staticmethod(lib.ssvc_report_free)

    def __init__(self, ctx, ptr):
        super().__init__(ptr)
        self._ctx = ctx
        ctx._adopt(self)

    @property
    def case_count(self) -> int:
        return lib.ssvc_report_case_count(self._h())

    @property
    def figures(self) -> ReportFigures:
        """The report's figures: the period, the trend months, the SWAP stock, the targets, the
        how-to calls per area."""
        f = _CFigures()
        self._ctx._check(lib.ssvc_report_figures_init(ctypes.addressof(f),
                                                      C.REPORT_FIGURES_VERSION))
        self._ctx._check(lib.ssvc_report_figures_get(self._h(), ctypes.addressof(f)))
        return ReportFigures(
            customer_name=f.customer_name.decode(), start=_pydate(getattr(f, "from")),
            end=_pydate(f.to), made=_pydate(f.made), period=_month(f.period), closed=f.closed,
            median_close_seconds=f.median_close_seconds,
            unreturned_value_minor=f.unreturned_value_minor,
            unreturned_oldest_days=f.unreturned_oldest_days, overdue=f.overdue,
            overdue_value_minor=f.overdue_value_minor, swap_status=f.swap_status,
            swap_available=f.swap_available, swap_level=f.swap_level,
            swap_to_buy=f.swap_to_buy, backorders=f.backorders,
            trend=tuple(_month(m) for m in f.trend if m.year), targets=_targets(f.targets),
            howto_calls=tuple(f.howto_calls), howto_solved=tuple(f.howto_solved))

    def workshop(self, grouping=None) -> "typing.List[results.WorkshopFigures]":
        """The workshop's figures (doc/workshop.md): one line per service provider, or per phone
        model with grouping WorkshopGrouping.BY_MODEL; the last line "(other)" gathers the
        rest."""
        from .enums import WorkshopGrouping  # noqa: the enum and structure of workshop.h
        from ._native_ops import WorkshopFigures as _CWorkshop
        g = int(WorkshopGrouping.BY_PROVIDER if grouping is None else WorkshopGrouping(grouping))
        out = []
        for i in range(lib.ssvc_report_workshop_count(self._h(), g)):
            w = _CWorkshop()
            self._ctx._check(lib.ssvc_workshop_figures_init(ctypes.addressof(w),
                                                            C.WORKSHOP_FIGURES_VERSION))
            self._ctx._check(lib.ssvc_report_workshop_at(self._h(), g, i, ctypes.addressof(w)))
            out.append(results.WorkshopFigures(
                key=w.key.decode(), done=w.done, repaired=w.repaired, scrapped=w.scrapped,
                at_provider=w.at_provider, turnaround_days=w.turnaround_days,
                mean_turnaround=w.turnaround_tenths / 10 if w.done else None,
                cost_minor=w.cost_minor))
        return out

    def write(self, path, fmt: ReportFormat = ReportFormat.HTML) -> None:
        """Writes the report to the file @p path as HTML (with SVG charts), XML or CSV (a
        ReportFormat or its key)."""
        f = ReportFormat.from_key(fmt, self._ctx)
        self._ctx._check(lib.ssvc_report_write_file(self._h(), int(f), _b(path)))

    def render(self, fmt: ReportFormat = ReportFormat.HTML) -> bytes:
        """The report as bytes in a format (a ReportFormat or its key)."""
        f = ReportFormat.from_key(fmt, self._ctx)
        sink = _Sink()
        self._ctx._check(lib.ssvc_report_write(self._h(), int(f), sink.fn, None))
        return sink.bytes()


class Reports(_Area):
    """Quality reports of a store's customers and their targets."""

    def new(self, customer_id: str, start: datetime.date, end: datetime.date, *,
            calendar=None, supplier_name: str = None, lang=None,
            progress: typing.Optional[typing.Callable[[int, int, int], bool]] = None) -> Report:
        """The quality report of a customer's cases registered from @p start to @p end (dates,
        inclusive), in @p lang (None: the context's language). calendar: a Calendar for the
        on-time figures (None: the agreement's). progress(cases, done, total) is called as the
        cases are read (every 1000 and at the end; done/total of the registration time covered);
        a true return stops the report (IOError-class SmartServiceError, no report)."""
        o = ReportOptions()
        self._check(lib.ssvc_report_options_init(ctypes.byref(o), C.REPORT_OPTIONS_VERSION))
        o.customer_id = _b(customer_id)
        setattr(o, "from", _cdate(start))
        o.to = _cdate(end)
        o.calendar = calendar._h() if calendar is not None else None
        o.supplier_name = _b(supplier_name)
        o.lang = _lang(self._ctx, lang)
        if progress is not None:  # kept alive for the call below
            o.progress = REPORT_PROGRESS_FN(lambda _ud, n, done, total:
                                            1 if progress(n, done, total) else 0)
        out = ctypes.c_void_p()
        self._check(lib.ssvc_report_new(self._h(), ctypes.byref(out), ctypes.byref(o)))
        return Report(self._ctx, out.value)

    def set_targets(self, customer_id: str, targets: ReportTargets, *, actor: str) -> None:
        """Stores a customer's report targets (replacing earlier ones): shares in basis points
        0..10000, None for no target."""
        t = _CTargets()
        t.version = C.REPORT_TARGETS_VERSION
        none = C.REPORT_NO_TARGET
        t.on_time_bp = none if targets.on_time_bp is None else targets.on_time_bp
        t.solved_on_phone_bp = (none if targets.solved_on_phone_bp is None
                                else targets.solved_on_phone_bp)
        t.unreturned_max = none if targets.unreturned_max is None else targets.unreturned_max
        self._check(lib.ssvc_report_targets_set(self._h(), _b(customer_id), ctypes.byref(t),
                                                _b(actor)))

    def targets(self, customer_id: str) -> ReportTargets:
        """A customer's report targets (all None when none were set)."""
        t = _CTargets()
        t.version = C.REPORT_TARGETS_VERSION
        self._check(lib.ssvc_report_targets_get(self._h(), _b(customer_id), ctypes.byref(t)))
        return _targets(t)

