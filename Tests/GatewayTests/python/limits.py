"""Keep-alive comments on a silent stream (raw bytes and the official client), the request time limit
(504 for a plain request, an error frame once a stream has started), and GET /v1/models/{id}."""

import http.client
import json
import time
from urllib.parse import urlparse

import openai

from common import API_KEY, BASE_URL, MODEL, client, report

result = {}
api = client(max_retries=0)

# 1. A stream whose first token comes after a silence, read raw: keep-alive comments, then the answer.
url = urlparse(BASE_URL)
connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
body = json.dumps({"model": MODEL, "stream": True, "messages": [{"role": "user", "content": "take your time"}]})
connection.request("POST", "/v1/chat/completions", body=body,
                   headers={"Authorization": "Bearer " + API_KEY, "Content-Type": "application/json"})
response = connection.getresponse()
raw = response.read().decode()
connection.close()
frames = [frame for frame in raw.split("\n\n") if frame]
content = "".join(
    json.loads(frame[len("data: "):])["choices"][0]["delta"].get("content") or ""
    for frame in frames
    if frame.startswith("data: {") and json.loads(frame[len("data: "):]).get("choices")
)
first_content = next(index for index, frame in enumerate(frames) if frame.startswith("data: {") and '"content":"' in frame
                     and '"content":""' not in frame)
result["raw_stream"] = {
    "status": response.status,
    "keep_alives_before_content": sum(1 for frame in frames[:first_content] if frame == ": keep-alive"),
    "content": content,
    "ends_with_done": frames[-1] == "data: [DONE]",
}

# 2. The same silence through the official client: comments are invisible to it.
text = ""
for chunk in api.chat.completions.create(model=MODEL, stream=True, messages=[{"role": "user", "content": "again"}]):
    if chunk.choices and chunk.choices[0].delta.content:
        text += chunk.choices[0].delta.content
result["client_stream"] = {"text": text}

# 3. A plain request over the time limit: 504.
started = time.monotonic()
try:
    api.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "never ends"}])
    result["plain_timeout"] = {"raised": None}
except openai.APIStatusError as error:
    result["plain_timeout"] = {"raised": type(error).__name__, "status": error.status_code, "code": error.code,
                               "seconds": time.monotonic() - started}

# 4. A stream over the time limit: it started (200, role chunk), so the limit comes as an error frame.
started = time.monotonic()
try:
    for _ in api.chat.completions.create(model=MODEL, stream=True, messages=[{"role": "user", "content": "never ends"}]):
        pass
    result["stream_timeout"] = {"raised": None}
except openai.APIError as error:
    result["stream_timeout"] = {"raised": type(error).__name__, "code": error.code, "seconds": time.monotonic() - started}

# 5. One model by id, and an unknown one.
result["model"] = api.models.retrieve(MODEL).id
try:
    api.models.retrieve("no-such-model")
    result["unknown_model"] = {"raised": None}
except openai.APIStatusError as error:
    result["unknown_model"] = {"raised": type(error).__name__, "status": error.status_code, "code": error.code}
report(result)
