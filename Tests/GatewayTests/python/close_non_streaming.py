"""Asks for a slow non-streamed answer and gives up after 300 ms, which closes the connection."""

import time

import openai

from common import MODEL, client, report

started = time.monotonic()
try:
    client(max_retries=0).chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "talk"}], timeout=0.3)
    raised = None
except openai.APITimeoutError as error:
    raised = type(error).__name__
report({"raised": raised, "seconds": time.monotonic() - started})
