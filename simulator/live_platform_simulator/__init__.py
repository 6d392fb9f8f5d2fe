"""Simulator of the AudioCodes Live Platform REST API (see README.md)."""

__version__ = "0.1.0"
