"""Intake: offline reporting of hate crime and hate incidents for third-party reporting centres."""

__version__ = "0.1.0"
