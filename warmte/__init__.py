"""Warmtemonitor: the local heat transition in the Netherlands, in numbers."""

__version__ = "0.1.0"
