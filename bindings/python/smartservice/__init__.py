"""Python binding of libsmartservice over its C ABI (ctypes, standard library only).

Conventions (see README.md beside this package):
- a failed call raises a SmartServiceError subclass carrying the library's code and message;
- handles are closed by ``close()``, by ``with`` blocks, or by garbage collection, never twice;
- money is integer öre (``price_minor``) or ``decimal.Decimal`` units (``price``);
- shares are ``decimal.Decimal`` fractions (0.08) or integer basis points (800).
"""
import ctypes
import decimal
import enum
import weakref

from . import errors
from ._native import lib, SwapDemand, SwapSizing, TierSpec
from .errors import SmartServiceError  # noqa: F401  (re-exported)

__all__ = ["version", "Context", "Catalog", "Tier", "Feature", "Lang", "SmartServiceError",
           "swap_size_rule", "swap_size_service", "SwapSizing"]


def version():
    """The version of the loaded library, e.g. "1.0.0"."""
    return lib.ssvc_version().decode()


def _text(b):
    return None if b is None else b.decode("utf-8")


class Lang(enum.IntEnum):
    SV = 0
    EN = 1


class Feature(enum.IntFlag):
    """The features of rule R1."""
    DIAGNOSIS = 1 << 0
    REGISTRATION = 1 << 1
    PHONE_HELP = 1 << 2
    OS_HELP = 1 << 3
    SYNC = 1 << 4
    SWAP_ADMIN = 1 << 5
    SWAP_ACTIVATION = 1 << 6

    @property
    def key(self):
        """The stable key, e.g. "swap-activation" (single features only)."""
        return _text(lib.ssvc_feature_key(int(self)))

    def display_name(self, lang=Lang.EN):
        return _text(lib.ssvc_feature_name(int(self), int(lang)))


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

    def __init__(self):
        out = ctypes.c_void_p()
        rc = lib.ssvc_ctx_new(ctypes.byref(out), None)
        if rc:
            raise errors.error_for(rc, _text(lib.ssvc_status_name(rc)),
                                   "cannot create a context: " + _text(lib.ssvc_strerror(rc)))
        super().__init__(out.value)
        self._children = weakref.WeakSet()

    def _adopt(self, child):
        self._children.add(child)

    def close(self):
        """Closes every object made with this context, then the context."""
        for child in list(self._children):
            child.close()
        super().close()

    def _check(self, rc):
        if rc:
            raise errors.error_for(rc, _text(lib.ssvc_status_name(rc)),
                                   _text(lib.ssvc_ctx_errmsg(self._ptr)))
        return rc


class Tier:
    """A tier of the catalogue (borrowed: valid while its catalogue is open)."""

    def __init__(self, catalog, ptr):
        self._catalog = catalog  # keeps the catalogue, and so the tier, alive
        self._ptr = ptr

    def _h(self):
        if self._catalog.closed:
            raise ValueError("the tier's catalogue is closed")
        return self._ptr

    @property
    def code(self):
        return _text(lib.ssvc_tier_code(self._h()))

    def name(self, lang=Lang.EN):
        return _text(lib.ssvc_tier_name(self._h(), int(lang)))

    @property
    def features(self):
        return Feature(lib.ssvc_tier_features(self._h()))

    @property
    def price_minor(self):
        """List price per user and month in minor units (öre)."""
        return lib.ssvc_tier_price(self._h())

    @property
    def price(self):
        """List price per user and month as a Decimal in currency units."""
        return decimal.Decimal(self.price_minor).scaleb(-2)

    @property
    def currency(self):
        return _text(lib.ssvc_tier_currency(self._h()))

    @property
    def builtin(self):
        return bool(lib.ssvc_tier_is_builtin(self._h()))

    def has(self, features):
        return (self.features & features) == features and int(features) != 0

    def check(self, features):
        """Raises NotEntitled naming the missing feature when the tier lacks one of features."""
        ctx = self._catalog._ctx
        ctx._check(lib.ssvc_tier_check(ctx._h(), self._h(), int(features)))

    def __repr__(self):
        return "Tier(%r)" % self.code


class Catalog(_Handle):
    """The tier catalogue: BAS, PROF and custom tiers."""
    _free = staticmethod(lib.ssvc_catalog_free)

    def __init__(self, ctx):
        out = ctypes.c_void_p()
        ctx._check(lib.ssvc_catalog_new(ctx._h(), ctypes.byref(out)))
        super().__init__(out.value)
        self._ctx = ctx  # the context outlives the catalogue
        ctx._adopt(self)

    def __len__(self):
        return lib.ssvc_catalog_count(self._h())

    def __iter__(self):
        for i in range(len(self)):
            yield Tier(self, lib.ssvc_catalog_at(self._h(), i))

    def find(self, code):
        out = ctypes.c_void_p()
        self._ctx._check(lib.ssvc_catalog_find(self._h(), code.encode(), ctypes.byref(out)))
        return Tier(self, out.value)

    def add(self, code, name_sv, name_en=None, features=Feature(0), price_minor=0,
            currency=None):
        """Adds a custom tier; raises InvalidArgument/AlreadyExists naming the bad field."""
        spec = TierSpec()
        self._ctx._check(lib.ssvc_tier_spec_init(ctypes.byref(spec), 1))
        spec.code = code.encode()
        spec.name_sv = name_sv.encode()
        spec.name_en = name_en.encode() if name_en is not None else None
        spec.features = int(features)
        spec.price_minor = int(price_minor)
        spec.currency = currency.encode() if currency is not None else None
        out = ctypes.c_void_p()
        self._ctx._check(lib.ssvc_catalog_add(self._h(), ctypes.byref(spec), ctypes.byref(out)))
        return Tier(self, out.value)


def _basis_points(share):
    """A Decimal/str fraction (0.08) to basis points, exactly; ints are taken as basis points."""
    if isinstance(share, int):
        return share
    bp = decimal.Decimal(str(share)) * 10000
    if bp != bp.to_integral_value():
        raise ValueError("%s has more than 4 decimals" % share)
    return int(bp)


def swap_size_rule(ctx, fleet, share=800):
    """Spare phones by the percentage rule: ceil(fleet x share), share in basis points or a
    Decimal fraction (default 8%)."""
    out = ctypes.c_uint32()
    ctx._check(lib.ssvc_swap_size_rule(ctx._h(), ctypes.byref(out), fleet, _basis_points(share)))
    return out.value


def swap_size_service(ctx, fleet, rate, turnaround_days, fill):
    """Service-level sizing (Poisson); returns a SwapSizing with spares, mean_demand, fill and
    expected_backorders. rate and fill are basis points or Decimal fractions."""
    d = SwapDemand()
    ctx._check(lib.ssvc_swap_demand_init(ctypes.byref(d), 1))
    d.fleet = fleet
    d.rate_basis_points = _basis_points(rate)
    d.turnaround_days = turnaround_days
    d.fill_basis_points = _basis_points(fill)
    s = SwapSizing()
    ctx._check(lib.ssvc_swap_size_service(ctx._h(), ctypes.byref(s), ctypes.byref(d)))
    return s
