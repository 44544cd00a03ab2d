"""Streams with and without usage, and asks once without streaming; reports what the client saw."""

from common import MODEL, client, report

api = client()
messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Say hello."}]


def streamed(include_usage):
    options = {"stream_options": {"include_usage": include_usage}} if include_usage is not None else {}
    chunks = list(api.chat.completions.create(model=MODEL, messages=messages, stream=True, temperature=0.2, user="tests", **options))
    return {
        "ids": sorted({chunk.id for chunk in chunks}),
        "created": sorted({chunk.created for chunk in chunks}),
        "objects": sorted({chunk.object for chunk in chunks}),
        "models": sorted({chunk.model for chunk in chunks}),
        "first_role": chunks[0].choices[0].delta.role if chunks[0].choices else None,
        "text": "".join(chunk.choices[0].delta.content or "" for chunk in chunks if chunk.choices),
        "finish_reasons": [chunk.choices[0].finish_reason for chunk in chunks if chunk.choices],
        "usage_chunks": [
            {"choices": len(chunk.choices), "prompt": chunk.usage.prompt_tokens, "completion": chunk.usage.completion_tokens,
             "total": chunk.usage.total_tokens}
            for chunk in chunks if chunk.usage is not None
        ],
        "last_has_usage": chunks[-1].usage is not None,
    }


completion = api.chat.completions.create(model=MODEL, messages=messages)
report({
    "with_usage": streamed(True),
    "without_usage": streamed(False),
    "no_options": streamed(None),
    "complete": {
        "object": completion.object,
        "text": completion.choices[0].message.content,
        "role": completion.choices[0].message.role,
        "finish_reason": completion.choices[0].finish_reason,
        "total_tokens": completion.usage.total_tokens,
        "prompt_tokens": completion.usage.prompt_tokens,
    },
    "models": [model.id for model in api.models.list().data],
})
