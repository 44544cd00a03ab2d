"""Streams with and without usage, and asks once without streaming; reports what the client saw."""

import json
import socket
import urllib.parse

from common import API_KEY, BASE_URL, MODEL, client, report

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


def raw_complete():
    """One non-streamed request over a plain socket: the answer, and whether the gateway then closes the connection."""
    url = urllib.parse.urlparse(BASE_URL)
    body = json.dumps({"model": MODEL, "messages": messages}).encode()
    head = (f"POST /v1/chat/completions HTTP/1.1\r\nHost: {url.netloc}\r\nAuthorization: Bearer {API_KEY}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    received = b""
    closed = False
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(head + body)
        try:
            while chunk := sock.recv(65536):
                received += chunk
            closed = True
        except socket.timeout:
            pass
    headers, _, payload = received.partition(b"\r\n\r\n")
    lines = headers.decode().split("\r\n")
    fields = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
    return {"status": int(lines[0].split()[1]), "connection": fields.get("connection"),
            "object": json.loads(payload)["object"], "closed_after": closed}


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
    "raw_complete": raw_complete(),
    "models": [model.id for model in api.models.list().data],
})
