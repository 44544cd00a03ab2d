"""Reads the first content chunk of a long stream, then closes it."""

from common import MODEL, client, report

stream = client(max_retries=0).chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "talk"}], stream=True)
received = ""
for chunk in stream:
    if chunk.choices and chunk.choices[0].delta.content:
        received += chunk.choices[0].delta.content
        break
stream.close()
report({"received": received})
