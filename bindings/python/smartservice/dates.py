"""The Swedish working-day calendar and the delivery rule R7; dates, instants and Stockholm time
(doc/calendar.md)."""
import ctypes
import datetime
import typing

from . import constants as C, results
from ._base import _Handle, _cdate, _instant, _lang, _pydate, _pyinstant, _text
from ._native import lib, CalendarOptions, Date, LocalTime
from .enums import Eve, Holiday

_Instant = typing.Union[datetime.datetime, int]


def _seconds(t):
    """A datetime.time (or seconds) as seconds after midnight."""
    if isinstance(t, datetime.time):
        return t.hour * 3600 + t.minute * 60 + t.second
    return int(t)


def _formatted(fn, *args):
    n = fn(None, 0, *args)
    buf = ctypes.create_string_buffer(n + 1)
    fn(buf, n + 1, *args)
    return buf.value.decode()


def parse_instant(ctx, text: str) -> datetime.datetime:
    """Parses RFC 3339 or a Stockholm local time without offset; returns an aware UTC datetime."""
    out = ctypes.c_int64()
    ctx._check(lib.ssvc_instant_parse(ctx._h(), ctypes.byref(out), text.encode()))
    return _pyinstant(out.value)


def format_instant(t: _Instant) -> str:
    """An instant in RFC 3339 at its Stockholm offset ("2026-03-02T13:59:00+01:00")."""
    return _formatted(lib.ssvc_instant_format, _instant(t))


def parse_date(ctx, text: str) -> datetime.date:
    """Parses "YYYY-MM-DD" as the library does (years 1900-2199); InvalidArgument naming the
    text otherwise."""
    out = Date()
    ctx._check(lib.ssvc_date_parse(ctx._h(), ctypes.byref(out), text.encode()))
    return _pydate(out)


def format_date(day: datetime.date) -> str:
    """A date as "YYYY-MM-DD" (the library's formatter)."""
    return _formatted(lib.ssvc_date_format, ctypes.byref(_cdate(day)))


def is_valid_date(day: datetime.date) -> bool:
    """True for a real day of the years 1-9999 as the library checks it (the calendar itself
    covers 1900-2199)."""
    return bool(lib.ssvc_date_is_valid(ctypes.byref(_cdate(day))))


def weekday(day: datetime.date) -> int:
    """The ISO day of the week, 1 Monday ... 7 Sunday (0 outside the library's years)."""
    return lib.ssvc_date_weekday(ctypes.byref(_cdate(day)))


def epoch_days(day: datetime.date) -> int:
    """Days from 1970-01-01 to @p day (negative before)."""
    return lib.ssvc_date_to_days(ctypes.byref(_cdate(day)))


def from_epoch_days(days: int) -> datetime.date:
    """The date @p days after 1970-01-01; OverflowError outside the library's years."""
    out = Date()
    if lib.ssvc_date_from_days(ctypes.byref(out), int(days)) != 0:
        raise OverflowError("%d days from 1970-01-01 is outside the years %d-%d"
                            % (days, C.CALENDAR_YEAR_MIN, C.CALENDAR_YEAR_MAX))
    return _pydate(out)


def parse_uint(ctx, text: str, maximum: int = 2**64 - 1) -> int:
    """A decimal number of the library's plain form (digits only) up to @p maximum;
    InvalidArgument giving the column, OutOfRange over the maximum."""
    out = ctypes.c_uint64()
    ctx._check(lib.ssvc_uint_parse(ctx._h(), ctypes.byref(out), text.encode(), maximum))
    return out.value


def stockholm_offset(t: _Instant) -> int:
    """The UTC offset of Stockholm at the instant, in seconds (3600 or 7200)."""
    return lib.ssvc_stockholm_offset(_instant(t))


def to_stockholm(ctx, t: _Instant) -> results.LocalTime:
    """The Stockholm wall-clock time of an instant."""
    out = LocalTime()
    ctx._check(lib.ssvc_stockholm_from_instant(ctx._h(), ctypes.byref(out), _instant(t)))
    return results.LocalTime(date=_pydate(out.date),
                             time=datetime.time(out.hour, out.minute, out.second),
                             utc_offset=out.utc_offset)


def from_stockholm(ctx, day: datetime.date, time: datetime.time = datetime.time(0)
                   ) -> datetime.datetime:
    """The instant (aware UTC) of a Stockholm wall-clock time; in the autumn's repeated hour the
    earlier, in the spring's missing hour the library's rule (doc/calendar.md)."""
    out = ctypes.c_int64()
    ctx._check(lib.ssvc_stockholm_to_instant(ctx._h(), ctypes.byref(out),
                                             ctypes.byref(_cdate(day)), time.hour, time.minute,
                                             time.second))
    return _pyinstant(out.value)


class Calendar(_Handle):
    """The Swedish working-day calendar with the delivery rule R7 (doc/calendar.md)."""
    _free = staticmethod(lib.ssvc_calendar_free)

    def __init__(self, ctx, cutoff=None, return_days: typing.Optional[int] = None, closed=(),
                 opened=(), open_eves: Eve = Eve(0)):
        """cutoff: datetime.time or seconds (default 14:00); return_days (default 10);
        closed/opened: extra dates by agreement; open_eves: eves that are working days."""
        o = CalendarOptions()
        ctx._check(lib.ssvc_calendar_options_init(ctypes.byref(o), C.CALENDAR_OPTIONS_VERSION))
        if cutoff is not None:
            o.cutoff_seconds = _seconds(cutoff)
        if return_days is not None:
            o.return_days = return_days
        o.open_eves = int(open_eves)
        out = ctypes.c_void_p()
        ctx._check(lib.ssvc_calendar_new(ctx._h(), ctypes.byref(out), ctypes.byref(o)))
        self._own(ctx, out.value)
        for d in closed:
            ctx._check(lib.ssvc_calendar_add_closed(self._h(), ctypes.byref(_cdate(d))))
        for d in opened:
            ctx._check(lib.ssvc_calendar_add_open(self._h(), ctypes.byref(_cdate(d))))

    def _own(self, ctx, ptr):
        _Handle.__init__(self, ptr)
        self._ctx = ctx
        ctx._adopt(self)

    @classmethod
    def _adopt_handle(cls, ctx, ptr):
        """A Calendar owning a calendar the library made (an agreement's)."""
        cal = cls.__new__(cls)
        cal._own(ctx, ptr)
        return cal

    @property
    def cutoff(self) -> datetime.time:
        """The registration cut-off (Stockholm time); 24:00 is given as 23:59:59."""
        s = min(lib.ssvc_calendar_cutoff(self._h()), 86399)
        return datetime.time(s // 3600, s // 60 % 60, s % 60)

    @property
    def return_days(self) -> int:
        """Working days from delivery to the faulty phone's return deadline."""
        return lib.ssvc_calendar_return_days(self._h())

    def _date_call(self, fn, *args):
        out = Date()
        self._ctx._check(fn(self._ctx._h(), self._h(), ctypes.byref(out), *args))
        return _pydate(out)

    def is_working_day(self, day: datetime.date) -> bool:
        out = ctypes.c_int()
        self._ctx._check(lib.ssvc_calendar_is_working_day(self._ctx._h(), self._h(),
                                                          ctypes.byref(out),
                                                          ctypes.byref(_cdate(day))))
        return bool(out.value)

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """The first working day after @p day."""
        return self._date_call(lib.ssvc_calendar_next_working_day, ctypes.byref(_cdate(day)))

    def previous_working_day(self, day: datetime.date) -> datetime.date:
        """The last working day before @p day."""
        return self._date_call(lib.ssvc_calendar_previous_working_day, ctypes.byref(_cdate(day)))

    def add_working_days(self, day: datetime.date, n: int) -> datetime.date:
        """The n-th working day after (n < 0: before) @p day; @p day itself for 0."""
        return self._date_call(lib.ssvc_calendar_add_working_days, ctypes.byref(_cdate(day)), n)

    def count_working_days(self, start: datetime.date, end: datetime.date) -> int:
        """Working days d with start <= d < end (negative when end is before start)."""
        out = ctypes.c_int()
        self._ctx._check(lib.ssvc_calendar_count_working_days(
            self._ctx._h(), self._h(), ctypes.byref(out), ctypes.byref(_cdate(start)),
            ctypes.byref(_cdate(end))))
        return out.value

    def counts_on(self, registered: _Instant, cutoff=None) -> datetime.date:
        """The day a registration at the instant counts on (rule R7), by the calendar's cut-off
        or the one given (datetime.time or seconds, an agreement's)."""
        if cutoff is None:
            return self._date_call(lib.ssvc_calendar_counts_on, _instant(registered))
        return self._date_call(lib.ssvc_calendar_counts_on_cutoff, _instant(registered),
                               _seconds(cutoff))

    def delivery(self, registered: _Instant, cutoff=None,
                 shipped: typing.Optional[_Instant] = None) -> datetime.date:
        """The delivery date of a replacement phone for a case registered then (rule R7), by the
        calendar's cut-off or the one given; with @p shipped, of a phone shipped then (later
        than the promise when shipped after the day the registration counts on)."""
        if shipped is not None:
            if cutoff is not None:
                raise TypeError("delivery(): give cutoff or shipped, not both")
            return self._date_call(lib.ssvc_calendar_delivery_shipped, _instant(registered),
                                   _instant(shipped))
        if cutoff is None:
            return self._date_call(lib.ssvc_calendar_delivery, _instant(registered))
        return self._date_call(lib.ssvc_calendar_delivery_cutoff, _instant(registered),
                               _seconds(cutoff))

    def deliveries(self, registered: typing.Sequence[_Instant]) -> typing.List[datetime.date]:
        """delivery() of many registrations in one call (a report's thousands of cases)."""
        n = len(registered)
        out = (Date * max(n, 1))()
        instants = (ctypes.c_int64 * max(n, 1))(*[_instant(t) for t in registered])
        self._ctx._check(lib.ssvc_calendar_delivery_batch(self._ctx._h(), self._h(), out,
                                                          instants, n))
        return [_pydate(out[i]) for i in range(n)]

    def return_deadline(self, delivered: datetime.date) -> datetime.date:
        """return_days working days after the delivery date."""
        return self._date_call(lib.ssvc_calendar_return_deadline, ctypes.byref(_cdate(delivered)))

    def holidays(self, year: int, lang=None) -> typing.List[results.Holiday]:
        """The year's holidays, closed eves and days closed by agreement, sorted, with their
        names in @p lang (None: the context's) and whether the calendar opens them."""
        out = ctypes.c_void_p()
        self._ctx._check(lib.ssvc_calendar_holidays(self._ctx._h(), self._h(),
                                                    ctypes.byref(out), year))
        try:
            result = []
            for i in range(lib.ssvc_holiday_list_count(out)):
                d, h = Date(), ctypes.c_int()
                self._ctx._check(lib.ssvc_holiday_list_get(out, i, ctypes.byref(d),
                                                           ctypes.byref(h)))
                result.append(results.Holiday(
                    date=_pydate(d), holiday=Holiday(h.value),
                    name=_text(lib.ssvc_holiday_name(h.value, _lang(self._ctx, lang))),
                    working=bool(lib.ssvc_holiday_list_is_working(out, i))))
            return result
        finally:
            lib.ssvc_holiday_list_free(out)
