"""Interview Platform: live technical interviews on JupyterHub."""

__version__ = "0.1.0"
