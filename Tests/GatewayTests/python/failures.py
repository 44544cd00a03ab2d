"""Model failures as the client sees them: each request meets the next scripted failure of the model
server, through the real codex app-server (no retries on either side)."""

import openai

from common import MODEL, client, report

api = client(max_retries=0)
outcomes = {}
for name in ["context_window", "quota", "provider_key", "rate_limit"]:
    try:
        api.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": name}])
        outcomes[name] = {"raised": None}
    except openai.APIStatusError as error:
        outcomes[name] = {"raised": type(error).__name__, "status": error.status_code, "code": error.code,
                          "message": error.message}
try:
    for _ in api.chat.completions.create(model=MODEL, stream=True, messages=[{"role": "user", "content": "stream"}]):
        pass
    outcomes["stream_context_window"] = {"raised": None}
except openai.APIError as error:
    outcomes["stream_context_window"] = {"raised": type(error).__name__, "code": error.code}
report(outcomes)
