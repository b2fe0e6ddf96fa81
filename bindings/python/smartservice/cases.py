"""The cases of a store (registration, states, diagnosis, warranty, estimates, notes, erasure)."""
from ._base import _Area


class Cases(_Area):
    """The cases of a store (registration, states, diagnosis, warranty, estimates, notes, erasure)."""
