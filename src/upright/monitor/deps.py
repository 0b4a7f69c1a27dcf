"""FastAPI dependencies: the store, and the key check for servers bound beyond loopback."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from upright.monitor.db import Store

KEY_COOKIE = "upright_key"


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def presented_key(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.headers.get("x-upright-key") or request.cookies.get(KEY_COOKIE)


def require_key(request: Request) -> None:
    """401 unless the server has no key or the request presents it (bearer, header, cookie)."""
    key: str | None = request.app.state.key
    if key is None:
        return
    given = presented_key(request)
    if given is None or not hmac.compare_digest(given.encode(), key.encode()):
        raise HTTPException(401, "a valid key is required", headers={"WWW-Authenticate": "Bearer"})


StoreDep = Annotated[Store, Depends(get_store)]
KeyDep = Depends(require_key)
