"""Dated prices and price lists."""
from ._base import _Area


class Prices(_Area):
    """Dated prices and price lists."""
