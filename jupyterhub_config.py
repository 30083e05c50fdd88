"""JupyterHub configuration: thin; everything is built from interview_hub.settings."""

from interview_hub.hubconfig import configure

c = get_config()  # type: ignore[name-defined]  # noqa: F821
configure(c)
