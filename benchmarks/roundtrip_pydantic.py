"""The chat completion response of the atoma specs, written by hand as pydantic v2 models.

Optional fields default to None; `model_dump(exclude_unset=True)` then leaves out the absent ones
and keeps the explicit nulls, as the generated `to_dict` does. The message union is discriminated
on its `role` literal; the content-part union has no literal tag in the specs, so it is left to
pydantic's smart union.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field


class MessageContentPart1(BaseModel):
    text: str
    type: str


class MessageContentPartImageURL(BaseModel):
    detail: str | None = None
    url: str


class MessageContentPart2(BaseModel):
    image_url: MessageContentPartImageURL
    type: str


MessageContent = str | list[MessageContentPart1 | MessageContentPart2]


class ToolCallFunction(BaseModel):
    arguments: str
    name: str


class ToolCall(BaseModel):
    function: ToolCallFunction
    id: str
    type: str


class System(BaseModel):
    content: MessageContent | None = None
    name: str | None = None
    role: Literal["system"]


class User(BaseModel):
    content: MessageContent | None = None
    name: str | None = None
    role: Literal["user"]


class Assistant(BaseModel):
    content: MessageContent | None = None
    name: str | None = None
    refusal: str | None = None
    role: Literal["assistant"]
    tool_calls: list[ToolCall] | None = None


class Tool(BaseModel):
    content: MessageContent | None = None
    role: Literal["tool"]
    tool_call_id: str | None = None


ChatCompletionMessage = Annotated[System | User | Assistant | Tool, Field(discriminator="role")]


class ChatCompletionLogProb(BaseModel):
    bytes_: list[int] | None = None
    logprob: float
    token: str


class ChatCompletionLogProbsContent(BaseModel):
    top_logprobs: list[ChatCompletionLogProb]


class ChatCompletionLogProbs(BaseModel):
    content: list[ChatCompletionLogProbsContent] | None = None


class ChatCompletionChoice(BaseModel):
    finish_reason: str | None = None
    index: int
    logprobs: ChatCompletionLogProbs | None = None
    message: ChatCompletionMessage


class PromptTokensDetails(BaseModel):
    audio_tokens: int
    cached_tokens: int


class CompletionUsage(BaseModel):
    completion_tokens: int
    prompt_tokens: int
    prompt_tokens_details: PromptTokensDetails | None = None
    total_tokens: int


class ChatCompletionResponse(BaseModel):
    choices: list[ChatCompletionChoice]
    created: int
    id: str
    model: str
    object: str
    service_tier: str | None = None
    system_fingerprint: str | None = None
    usage: CompletionUsage | None = None


def load(data: dict[str, Any]) -> ChatCompletionResponse:
    return ChatCompletionResponse.model_validate(data)


def dump(response: ChatCompletionResponse) -> dict[str, Any]:
    return response.model_dump(exclude_unset=True)
