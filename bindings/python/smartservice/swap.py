"""The SWAP pool of a store (units, orders, refill requests, advice, overdue loans)."""
from ._base import _Area


class SwapPool(_Area):
    """The SWAP pool of a store (units, orders, refill requests, advice, overdue loans)."""
