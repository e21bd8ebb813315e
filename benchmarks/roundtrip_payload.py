"""The benchmark's payload: a chat completion response as the atoma specs describe it.

Deterministic, JSON-native, and made only of the fields the specs declare, so that every
implementation can load it and dump back exactly the same dict.
"""

from __future__ import annotations

from typing import Any

FINISH_REASONS = ("stop", "length", "tool_calls", None)
WORDS = ("The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", ".")


def build_payload(choices: int) -> dict[str, Any]:
    """A response with `choices` choices whose messages, logprobs and finish reasons vary."""
    return {
        "choices": [_choice(index) for index in range(choices)],
        "created": 1_732_000_000,
        "id": "chatcmpl-5f1c2a9e4b7d4c1f",
        "model": "meta-llama/Llama-3.3-70B-Instruct",
        "object": "chat.completion",
        "service_tier": None,
        "system_fingerprint": "fp_6b68a8204b",
        "usage": {
            "completion_tokens": 40 * choices,
            "prompt_tokens": 1_312,
            "prompt_tokens_details": {"audio_tokens": 0, "cached_tokens": 1_024},
            "total_tokens": 1_312 + 40 * choices,
        },
    }


def _choice(index: int) -> dict[str, Any]:
    """Logprobs are present on a third of the choices, null on a third and absent on the rest."""
    choice: dict[str, Any] = {"index": index, "message": _message(index)}
    finish_reason = FINISH_REASONS[index % len(FINISH_REASONS)]
    if finish_reason is not None or index % 8 == 3:
        choice["finish_reason"] = finish_reason
    if index % 3 == 0:
        choice["logprobs"] = _logprobs(index)
    elif index % 3 == 1:
        choice["logprobs"] = None
    return choice


def _message(index: int) -> dict[str, Any]:
    """An assistant message: plain text, content parts, tool calls, or a named refusal."""
    kind = index % 5
    if kind == 0:
        return {"role": "assistant", "content": _sentence(index, 24)}
    if kind == 1:
        return {"role": "assistant", "content": [_text_part(index, 12), _text_part(index + 1, 8)]}
    if kind == 2:
        return {"role": "assistant", "content": [_text_part(index, 6), *_image_parts(index)]}
    if kind == 3:
        return {"role": "assistant", "content": None, "tool_calls": _tool_calls(index)}
    return {"role": "assistant", "content": "", "name": "atoma", "refusal": "I can't help with that."}


def _sentence(seed: int, length: int) -> str:
    return "".join(WORDS[(seed + offset) % len(WORDS)] for offset in range(length))


def _text_part(seed: int, length: int) -> dict[str, Any]:
    return {"type": "text", "text": _sentence(seed, length)}


def _image_parts(seed: int) -> list[dict[str, Any]]:
    url = f"https://images.example.com/{seed}.png"
    return [
        {"type": "image_url", "image_url": {"url": url, "detail": "high"}},
        {"type": "image_url", "image_url": {"url": url}},
    ]


def _tool_calls(seed: int) -> list[dict[str, Any]]:
    return [
        {
            "id": f"call_{seed}_{number}",
            "type": "function",
            "function": {"name": "get_weather", "arguments": f'{{"city": "Paris", "day": {number}}}'},
        }
        for number in range(2)
    ]


def _logprobs(seed: int) -> dict[str, Any]:
    """A few generated tokens, each with its top alternatives (some without `bytes_`)."""
    return {"content": [{"top_logprobs": _alternatives(seed + token)} for token in range(4)]}


def _alternatives(seed: int) -> list[dict[str, Any]]:
    alternatives: list[dict[str, Any]] = []
    for rank in range(3):
        token = WORDS[(seed + rank) % len(WORDS)]
        alternative: dict[str, Any] = {"token": token, "logprob": -0.125 * (rank + 1) - seed / 64}
        if rank < 2:
            alternative["bytes_"] = list(token.encode())
        alternatives.append(alternative)
    return alternatives
