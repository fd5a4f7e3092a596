"""Helpers for the end-to-end tests that drive a real Jupyter server in Chromium."""
