"""OpenID Connect discovery for GenericOAuthenticator."""

from __future__ import annotations

import httpx


def discover(issuer: str, timeout: float = 10.0) -> dict[str, str]:
    """Read the issuer's discovery document; raise SystemExit with one clear line if it fails."""
    url = f"{issuer.rstrip('/')}/.well-known/openid-configuration"
    try:
        response = httpx.get(url, timeout=timeout)
        response.raise_for_status()
        doc = response.json()
        return {
            key: str(doc[key])
            for key in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint")
        }
    except (httpx.HTTPError, KeyError, ValueError) as exc:
        raise SystemExit(
            f"configuration error: OIDC_ISSUER discovery at {url} failed: {exc}"
        ) from exc
