"""Tiers and the catalog (rule R1), and SWAP sizing (rule R6)."""
import ctypes
import decimal

from . import constants as C
from ._base import _Handle, _basis_points, _lang, _text
from ._native import lib, SwapDemand, SwapSizing, TierSpec
from .enums import Feature


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

    def name(self, lang=None):
        """The tier's name in @p lang (None: the context's)."""
        return _text(lib.ssvc_tier_name(self._h(), _lang(self._catalog._ctx, lang)))

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
        """True when the tier includes every one of @p features (False for none)."""
        return bool(lib.ssvc_tier_has(self._h(), int(features)))

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
        self._ctx._check(lib.ssvc_tier_spec_init(ctypes.byref(spec), C.TIER_SPEC_VERSION))
        spec.code = code.encode()
        spec.name_sv = name_sv.encode()
        spec.name_en = name_en.encode() if name_en is not None else None
        spec.features = int(features)
        spec.price_minor = int(price_minor)
        spec.currency = currency.encode() if currency is not None else None
        out = ctypes.c_void_p()
        self._ctx._check(lib.ssvc_catalog_add(self._h(), ctypes.byref(spec), ctypes.byref(out)))
        return Tier(self, out.value)


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
    ctx._check(lib.ssvc_swap_demand_init(ctypes.byref(d), C.SWAP_DEMAND_VERSION))
    d.fleet = fleet
    d.rate_basis_points = _basis_points(rate)
    d.turnaround_days = turnaround_days
    d.fill_basis_points = _basis_points(fill)
    s = SwapSizing()
    ctx._check(lib.ssvc_swap_size_service(ctx._h(), ctypes.byref(s), ctypes.byref(d)))
    return s


