"""Jupyter wrapper kernels for the interview platform's compiled and scripting languages."""

__version__ = "0.1.0"
