"""The few hub REST API calls the service makes with its own token."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

import httpx

from .errors import HubUnavailable

log = logging.getLogger("interviews.hub")


class HubClient:
    def __init__(self, api_url: str, token: str) -> None:
        self.api_url = api_url.rstrip("/")
        self._client = httpx.AsyncClient(
            headers={"Authorization": f"token {token}"}, timeout=httpx.Timeout(15.0)
        )

    async def _call(
        self, method: str, path: str, json: Any = None, ok: tuple[int, ...] = (200, 201, 204)
    ) -> httpx.Response:
        url = f"{self.api_url}{path}"
        try:
            response = await self._client.request(method, url, json=json)
        except httpx.HTTPError as exc:
            log.warning("hub API %s %s failed: %s", method, path, exc)
            raise HubUnavailable("The hub did not answer. Try again in a moment.") from exc
        if response.status_code not in ok:
            log.warning(
                "hub API %s %s -> %s %s", method, path, response.status_code, response.text[:300]
            )
            raise HubUnavailable(
                f"The hub refused the change ({response.status_code}). Try again in a moment."
            )
        return response

    async def get_user(self, name: str) -> dict[str, Any] | None:
        response = await self._call("GET", f"/users/{quote(name, safe='')}", ok=(200, 404))
        if response.status_code == 404:
            return None
        data: dict[str, Any] = response.json()
        return data

    async def create_user(self, name: str) -> None:
        await self._call("POST", f"/users/{quote(name, safe='')}", ok=(201,))

    async def delete_user(self, name: str) -> None:
        await self._call("DELETE", f"/users/{quote(name, safe='')}", ok=(204, 404))

    async def list_users(self) -> list[dict[str, Any]]:
        users: list[dict[str, Any]] = []
        offset = 0
        while True:
            response = await self._call("GET", f"/users?offset={offset}&limit=200")
            page = response.json()
            items = page["items"] if isinstance(page, dict) else page
            users.extend(items)
            if not isinstance(page, dict) or not page.get("_pagination", {}).get("next"):
                return users
            offset += len(items)

    async def set_groups(self, name: str, add: list[str], remove: list[str]) -> None:
        for group in remove:
            await self._call(
                "DELETE",
                f"/groups/{quote(group)}/users",
                json={"users": [name]},
                ok=(200, 204, 404),
            )
        for group in add:
            await self._call("POST", f"/groups/{quote(group)}/users", json={"users": [name]})

    async def group_members(self, group: str) -> set[str]:
        response = await self._call("GET", f"/groups/{quote(group)}", ok=(200, 404))
        if response.status_code == 404:
            return set()
        return set(response.json().get("users", []))

    # ------------------------------------------------------------ interview servers

    def _server_path(self, owner: str, server: str) -> str:
        return f"/users/{quote(owner, safe='')}/servers/{quote(server, safe='')}"

    async def start_server(self, owner: str, server: str) -> int:
        """Ask the hub to start a named server: 201 started, 202 pending, 400 already running."""
        response = await self._call(
            "POST", self._server_path(owner, server), json={}, ok=(201, 202, 400)
        )
        return response.status_code

    async def stop_server(self, owner: str, server: str, remove: bool = False) -> None:
        await self._call(
            "DELETE",
            self._server_path(owner, server),
            json={"remove": remove},
            ok=(202, 204, 400, 404),
        )

    async def server_model(self, owner: str, server: str) -> dict[str, Any] | None:
        user = await self.get_user(owner)
        if user is None:
            return None
        model: dict[str, Any] | None = (user.get("servers") or {}).get(server)
        return model

    async def share(self, owner: str, server: str, user: str) -> None:
        path = f"/shares/{quote(owner, safe='')}/{quote(server, safe='')}"
        await self._call("POST", path, json={"user": user})

    async def shares(self, owner: str, server: str) -> set[str]:
        path = f"/shares/{quote(owner, safe='')}/{quote(server, safe='')}"
        response = await self._call("GET", path, ok=(200, 404))
        if response.status_code == 404:
            return set()
        items = response.json().get("items", [])
        return {item["user"]["name"] for item in items if item.get("user")}

    async def revoke(self, owner: str, server: str, user: str | None = None) -> None:
        """Revoke one person's share, or every share of the server when ``user`` is None."""
        path = f"/shares/{quote(owner, safe='')}/{quote(server, safe='')}"
        if user is None:
            await self._call("DELETE", path, ok=(200, 204, 404))
        else:
            await self._call("PATCH", path, json={"user": user}, ok=(200, 204, 404))

    async def close(self) -> None:
        await self._client.aclose()
