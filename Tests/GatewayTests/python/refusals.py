"""A wrong key, n=2 and an image part: reports the exception classes and what they carried."""

import openai

from common import MODEL, client, report


def attempt(api, **request):
    try:
        api.chat.completions.create(model=MODEL, **request)
        return {"raised": None}
    except openai.APIStatusError as error:
        return {"raised": type(error).__name__, "status": error.status_code, "code": error.code, "param": error.param,
                "type": error.type}


hello = [{"role": "user", "content": "hello"}]
report({
    "wrong_key": attempt(client(api_key="wrong-key-wrong-key", max_retries=0), messages=hello),
    "n_two": attempt(client(max_retries=0), messages=hello, n=2),
    "image": attempt(client(max_retries=0), messages=[{"role": "user", "content": [
        {"type": "text", "text": "what is this?"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
    ]}]),
})
