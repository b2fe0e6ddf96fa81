"""Charges on customers' accounts."""
from ._base import _Area


class Charges(_Area):
    """Charges on customers' accounts."""
