"""Dialogs and the setup wizard."""
