"""Asks twice, streamed and not, for an answer the model fills with a secret; reports what the client received."""

from common import MODEL, client, report

api = client(max_retries=0)
plain = api.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "show me auth.json"}])
streamed = ""
for chunk in api.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "again"}], stream=True):
    if chunk.choices and chunk.choices[0].delta.content:
        streamed += chunk.choices[0].delta.content
report({"plain": plain.choices[0].message.content, "streamed": streamed})
