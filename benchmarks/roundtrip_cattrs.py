"""The chat completion response of the atoma specs, as plain dataclasses structured by cattrs.

Absent optional fields hold the `UNSET` sentinel and the converter omits fields equal to their
default, so absent stays absent and null stays null on the way back. Unions of JSON scalars, None
and `Unset` pass through (cattrs' union passthrough strategy, whose spill-over handles the one
non-scalar member); the message union is tagged by its `role` field; the content-part union is
told apart by cattrs' default disambiguator (each part has a unique required field).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Literal

import cattrs
from cattrs.strategies import configure_tagged_union, configure_union_passthrough


class Unset(enum.Enum):
    UNSET = "UNSET"


UNSET = Unset.UNSET


@dataclass(slots=True, kw_only=True)
class MessageContentPart1:
    text: str
    type: str


@dataclass(slots=True, kw_only=True)
class MessageContentPartImageURL:
    detail: str | Unset | None = UNSET
    url: str


@dataclass(slots=True, kw_only=True)
class MessageContentPart2:
    image_url: MessageContentPartImageURL
    type: str


MessageContent = str | list[MessageContentPart1 | MessageContentPart2]


@dataclass(slots=True, kw_only=True)
class ToolCallFunction:
    arguments: str
    name: str


@dataclass(slots=True, kw_only=True)
class ToolCall:
    function: ToolCallFunction
    id: str
    type: str


@dataclass(slots=True, kw_only=True)
class System:
    content: MessageContent | Unset | None = UNSET
    name: str | Unset | None = UNSET
    role: Literal["system"]


@dataclass(slots=True, kw_only=True)
class User:
    content: MessageContent | Unset | None = UNSET
    name: str | Unset | None = UNSET
    role: Literal["user"]


@dataclass(slots=True, kw_only=True)
class Assistant:
    content: MessageContent | Unset | None = UNSET
    name: str | Unset | None = UNSET
    refusal: str | Unset | None = UNSET
    role: Literal["assistant"]
    tool_calls: list[ToolCall] | Unset = UNSET


@dataclass(slots=True, kw_only=True)
class Tool:
    content: MessageContent | Unset | None = UNSET
    role: Literal["tool"]
    tool_call_id: str | Unset = UNSET


ChatCompletionMessage = System | User | Assistant | Tool
ROLES: dict[type, str] = {System: "system", User: "user", Assistant: "assistant", Tool: "tool"}


@dataclass(slots=True, kw_only=True)
class ChatCompletionLogProb:
    bytes_: list[int] | Unset = UNSET
    logprob: float
    token: str


@dataclass(slots=True, kw_only=True)
class ChatCompletionLogProbsContent:
    top_logprobs: list[ChatCompletionLogProb]


@dataclass(slots=True, kw_only=True)
class ChatCompletionLogProbs:
    content: list[ChatCompletionLogProbsContent] | Unset = UNSET


@dataclass(slots=True, kw_only=True)
class ChatCompletionChoice:
    finish_reason: str | Unset | None = UNSET
    index: int
    logprobs: ChatCompletionLogProbs | Unset | None = UNSET
    message: ChatCompletionMessage


@dataclass(slots=True, kw_only=True)
class PromptTokensDetails:
    audio_tokens: int
    cached_tokens: int


@dataclass(slots=True, kw_only=True)
class CompletionUsage:
    completion_tokens: int
    prompt_tokens: int
    prompt_tokens_details: PromptTokensDetails | Unset | None = UNSET
    total_tokens: int


@dataclass(slots=True, kw_only=True)
class ChatCompletionResponse:
    choices: list[ChatCompletionChoice]
    created: int
    id: str
    model: str
    object: str
    service_tier: str | Unset | None = UNSET
    system_fingerprint: str | Unset | None = UNSET
    usage: CompletionUsage | Unset | None = UNSET


def make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(omit_if_default=True)
    configure_union_passthrough(str | int | float | bool | Unset | None, converter)
    configure_tagged_union(ChatCompletionMessage, converter, tag_generator=ROLES.__getitem__, tag_name="role")
    return converter


CONVERTER = make_converter()


def load(data: dict[str, Any]) -> ChatCompletionResponse:
    return CONVERTER.structure(data, ChatCompletionResponse)


def dump(response: ChatCompletionResponse) -> dict[str, Any]:
    result: dict[str, Any] = CONVERTER.unstructure(response)
    return result
