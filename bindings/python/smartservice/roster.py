"""The covered users and phones of each agreement."""
from ._base import _Area


class Roster(_Area):
    """The covered users and phones of each agreement."""
