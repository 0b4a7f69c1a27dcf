"""The gateway's API schemas: what a chat completion request must look like, and the
OpenAI-style error body (what the OpenAPI document advertises)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    model: str = Field(min_length=1, max_length=256)
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool | None = False
    tools: list[dict[str, Any]] | None = None


REQUEST = TypeAdapter(ChatCompletionRequest)


class ErrorDetail(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": desc}
    for code, desc in {
        400: "invalid request, or input blocked (type content_filter)",
        401: "no valid key or token",
        403: "the tier may not use this model or capability",
        413: "request body too large",
        429: "over the rate limit (see Retry-After)",
        502: "upstream failure",
        503: "a store the gateway needs is unavailable",
    }.items()
}


def request_schema() -> dict[str, Any]:
    return ChatCompletionRequest.model_json_schema(ref_template="#/components/schemas/{model}")


def first_error(errors: Any) -> str:
    """A one-line message for the first of pydantic's validation errors."""
    try:
        err = next(iter(errors))
        loc = ".".join(str(x) for x in err.get("loc", ()) if x != "body")
        return f"invalid request: {loc or 'body'}: {err.get('msg', 'invalid')}"
    except (StopIteration, TypeError, AttributeError):
        return "invalid request"
