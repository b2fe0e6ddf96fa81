"""Customers' agreements (tiers, fleet, closed days, models, price overrides)."""
from ._base import _Area


class Agreements(_Area):
    """Customers' agreements (tiers, fleet, closed days, models, price overrides)."""
