"""claimtrack: a ledger of the claims made in news coverage, tied to the exact words of each article."""

__version__ = "0.1.0"
