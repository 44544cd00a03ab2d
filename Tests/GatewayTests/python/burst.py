"""Sends more concurrent requests than the admission limit and reports each outcome."""

import threading
import time

import openai

from common import MODEL, client, report

COUNT = 3
outcomes = [None] * COUNT


def send(index):
    api = client(max_retries=0)
    started = time.monotonic()
    try:
        api.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "slow"}])
        outcomes[index] = {"status": 200, "seconds": time.monotonic() - started}
    except openai.APIStatusError as error:
        outcomes[index] = {"status": error.status_code, "seconds": time.monotonic() - started, "code": error.code,
                           "retry_after": error.response.headers.get("retry-after"), "raised": type(error).__name__}


threads = [threading.Thread(target=send, args=(index,)) for index in range(COUNT)]
for thread in threads:
    thread.start()
    time.sleep(0.2)
for thread in threads:
    thread.join()
report({"outcomes": outcomes})
