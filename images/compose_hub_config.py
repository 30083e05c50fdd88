"""jupyterhub_config.py of the hub image (docker-compose.yml): interview servers are sibling
containers started through the engine's socket, mounted at /var/run/docker.sock."""

from interview_hub.hubconfig import configure
from interview_hub.spawners.docker import configure_docker

c = get_config()  # type: ignore[name-defined]  # noqa: F821
configure_docker(c, configure(c))
