"""Five requests in a row on a gateway that recycles its worker every two turns, without retries: each must
succeed, whether it arrives while the worker is being replaced or not; the worker pid after each."""

import time

from common import MODEL, client, health, report

api = client(max_retries=0)
answers, pids = [], []
for index in range(5):
    stream = index % 2 == 0
    if stream:
        text = "".join(chunk.choices[0].delta.content or "" for chunk in
                       api.chat.completions.create(model=MODEL, stream=True, messages=[{"role": "user", "content": "hi"}])
                       if chunk.choices)
    else:
        text = api.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "hi"}]).choices[0].message.content
    answers.append(text)
    pids.append(health().get("worker_pid"))
# Let the last recycle finish before reading the figures.
deadline = time.monotonic() + 30
while time.monotonic() < deadline and health().get("worker_state") != "ready":
    time.sleep(0.05)
report({"answers": answers, "pids": pids, "health": health()})
