"""What a participant's browser downloads from an interview server: JupyterLab's bundle and the
room's prebuilt extension, gzip-compressed (the environment's precompressed ``.gz`` files)."""

from __future__ import annotations

import json
import re

import httpx


async def check_assets_are_compressed(client: httpx.AsyncClient, base: str) -> None:
    page = await client.get(f"{base}lab")
    assert page.status_code == 200, page.status_code
    main = re.search(r"static/lab/main\.[0-9a-f]+\.js", page.text)
    assert main, "no main bundle in the lab page"
    config = json.loads(
        re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                  page.text, re.S).group(1)  # type: ignore[union-attr]
    )  # fmt: skip
    room = next(e for e in config["federated_extensions"] if e["name"] == "@interview-platform/lab")
    for url in (f"{base}{main.group(0)}", f"{base}lab/extensions/{room['name']}/{room['load']}"):
        # httpx asks for gzip and decodes it: the headers say what was sent
        response = await client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200, (url, response.status_code)
        assert response.headers.get("content-encoding") == "gzip", (url, response.headers)
        assert "javascript" in response.headers["content-type"], response.headers
        assert len(response.content) > 2 * int(response.headers["content-length"]), url
