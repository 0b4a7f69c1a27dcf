"""FastAPI dependencies: the gateway's state and the caller's identity."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool

from upright.guard.identity import Unauthorized
from upright.types import Identity

if TYPE_CHECKING:
    from upright.guard.gateway import Gateway


class ApiError(Exception):
    """An OpenAI-style error response: status, message, type, code and extra headers."""

    def __init__(
        self,
        status: int,
        message: str,
        type_: str,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.type, self.code = status, message, type_, code
        self.headers = headers or {}

    def body(self) -> dict[str, object]:
        return {
            "error": {"message": self.message, "type": self.type, "param": None, "code": self.code}
        }


async def get_gateway(request: Request) -> Gateway:
    # async: FastAPI runs a plain `def` dependency in a worker thread, once per request
    return request.app.state.gateway


GatewayDep = Annotated["Gateway", Depends(get_gateway)]


async def current_identity(request: Request) -> Identity:
    gw: Gateway = request.app.state.gateway
    auth = request.headers.get("authorization", "")
    scheme, _, credential = auth.partition(" ")
    credential = credential.strip()
    if scheme.lower() != "bearer" or not credential:
        raise ApiError(
            401,
            "missing API key: send Authorization: Bearer <key>",
            "invalid_request_error",
            "invalid_api_key",
        )
    try:
        ident = gw.resolver.cached(credential)
        if ident is None:
            ident = await run_in_threadpool(gw.resolver.resolve, credential)
    except Unauthorized:
        raise ApiError(
            401,
            "invalid, revoked or expired credential",
            "invalid_request_error",
            "invalid_api_key",
        ) from None
    except OperationalError:
        raise ApiError(
            503,
            "the identity store is unavailable; try again",
            "service_unavailable",
            "store_unavailable",
            {"Retry-After": "1"},
        ) from None
    return ident


CallerDep = Annotated[Identity, Depends(current_identity)]
