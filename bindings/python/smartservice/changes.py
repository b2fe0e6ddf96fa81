"""The change feed: every committed change in order."""
from ._base import _Area


class Changes(_Area):
    """The change feed: every committed change in order."""
