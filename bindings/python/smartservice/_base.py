"""The binding's foundations: owned handles, the context, and conversions between Python values
and the library's (text, dates, instants, shares, enum names). Every area module builds on these.
"""
import ctypes
import datetime as _dt
import decimal
import weakref

from . import constants as C, errors
from ._native import lib, CLOCK_FN, LOG_FN, CtxOptions, Date


def version():
    """The version of the loaded library, e.g. "1.0.0"."""
    return lib.ssvc_version().decode()


def version_info():
    """The version of the loaded library as (major, minor, patch)."""
    n = lib.ssvc_version_number()
    return n // 10000, n // 100 % 100, n % 100


def _text(b):
    return None if b is None else b.decode("utf-8")


class _Handle:
    """An owned C handle, released exactly once."""
    _free = None

    def __init__(self, ptr):
        self._ptr = ptr
        self._finalizer = weakref.finalize(self, self._free, ptr)

    def _h(self):
        """The C pointer, for a call; ValueError once closed."""
        if not self._finalizer.alive:
            raise ValueError("%s is closed" % type(self).__name__)
        return self._ptr

    def close(self):
        """Releases the handle now; later calls raise ValueError. Closing twice is harmless."""
        self._finalizer()

    @property
    def closed(self):
        return not self._finalizer.alive

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Context(_Handle):
    """A library context: holds the last error; every object belongs to one.

    Use one context per thread (the library's thread rule).
    """
    _free = staticmethod(lib.ssvc_ctx_free)

    def __init__(self, clock=None, lang=None, log=None, log_level=None):
        """clock: None for the system clock, or a callable returning the current instant as an
        aware datetime or Unix seconds (tests and replays use it to set "now").
        lang: the language of every text asked for without one (``lang=None``): Lang.EN unless
        given (smartservice.Lang.SV for a Swedish helpdesk).
        log: None, or a callable log(level, message) (level an enums.LogLevel) for the library's
        events at log_level (enums.LogLevel or its key; default debug) and above."""
        from .enums import Lang, LogLevel
        self.lang = Lang.EN if lang is None else Lang(lang)
        out = ctypes.c_void_p()
        options = None
        if clock is not None or log is not None:
            options = CtxOptions()
            lib.ssvc_ctx_options_init(ctypes.byref(options), C.CTX_OPTIONS_VERSION)
            if clock is not None:
                # kept alive with the context
                self._clock_cb = CLOCK_FN(lambda _ud: _instant(clock()))
                options.clock = self._clock_cb
            if log is not None:
                self._log_cb = LOG_FN(lambda _ud, level, msg: log(LogLevel(level), _text(msg)))
                options.log = self._log_cb
                if log_level is not None:
                    options.log_level = int(LogLevel.from_key(log_level) if isinstance(
                        log_level, str) else LogLevel(log_level))
        rc = lib.ssvc_ctx_new(ctypes.byref(out), options if options is None else
                              ctypes.byref(options))
        if rc:
            raise errors.error_for(rc, _text(lib.ssvc_status_name(rc)),
                                   "cannot create a context: " + _text(lib.ssvc_strerror(rc)))
        super().__init__(out.value)
        self._children = []  # weak references, in order of creation

    def _adopt(self, child):
        self._children = [r for r in self._children if r() is not None]
        self._children.append(weakref.ref(child))

    def close(self):
        """Closes every object made with this context, newest first, then the context."""
        for ref in reversed(self._children):
            child = ref()
            if child is not None:
                child.close()
        self._children = []
        super().close()

    def now(self):
        """The context's current instant (its clock, or the system's) as an aware UTC datetime."""
        return _pyinstant(lib.ssvc_ctx_now(self._h()))

    @property
    def error_code(self):
        """The status code of the last failed call on this context (0 when none)."""
        return lib.ssvc_ctx_errcode(self._h())

    @property
    def error_message(self):
        """The message of the last failed call, naming the C function and argument ("" when
        none)."""
        return _text(lib.ssvc_ctx_errmsg(self._h())) or ""

    @property
    def error_text(self):
        """The last failure in the words of an agent: the message without the library's
        function names ("" when none)."""
        return _text(lib.ssvc_ctx_errtext(self._h())) or ""

    @property
    def error_remedy(self):
        """The C function that does what the last failure asks for first ("ssvc_center_set"),
        or None when it asks for nothing."""
        return _text(lib.ssvc_ctx_errremedy(self._h()))

    def clear_error(self):
        """Forgets the last failure (error_code 0, messages "")."""
        lib.ssvc_ctx_clear_error(self._h())

    def _check(self, rc):
        if rc:
            e = errors.error_for(rc, _text(lib.ssvc_status_name(rc)),
                                 _text(lib.ssvc_ctx_errmsg(self._ptr)))
            e.text = _text(lib.ssvc_ctx_errtext(self._ptr))
            e.remedy = _text(lib.ssvc_ctx_errremedy(self._ptr))
            raise e
        return rc


def _basis_points(share):
    """A Decimal/str fraction (0.08) to basis points, exactly; ints are taken as basis points."""
    if isinstance(share, int):
        return share
    bp = decimal.Decimal(str(share)) * 10000
    if bp != bp.to_integral_value():
        raise ValueError("%s has more than 4 decimals" % share)
    return int(bp)


def _cdate(d):
    """A datetime.date as the library's ssvc_date."""
    return Date(d.year, d.month, d.day)


def _pydate(c):
    return None if c.year == 0 else _dt.date(c.year, c.month, c.day)


def _instant(t):
    """An aware datetime (or Unix seconds) as Unix seconds; naive datetimes are refused."""
    if isinstance(t, int):
        return t
    if t.tzinfo is None:
        raise ValueError("instants must be timezone-aware datetimes (got %r)" % (t,))
    return int(t.timestamp())


def _pyinstant(seconds):
    return _dt.datetime.fromtimestamp(seconds, _dt.timezone.utc)


def _enum(ctx, fn, name):
    """The number of an enum's @p name through the library's own _from_name table @p fn."""
    out = ctypes.c_int()
    try:
        ctx._check(fn(ctx._h(), ctypes.byref(out), name.encode()))
    except errors.NotFound as e:
        raise errors.UnknownName(e.code, e.name, e.message) from None
    return out.value




class _Area:
    """One area of a store (store.cases, store.swap, ...): calls go to the store's handle and
    errors through its context."""

    def __init__(self, store):
        self._store = store
        self._ctx = store._ctx

    def _h(self):
        return self._store._h()

    def _check(self, rc):
        return self._ctx._check(rc)


def _lang(ctx, lang):
    """The language number of a call: @p lang, or the context's when None."""
    return int(ctx.lang if lang is None else lang)
