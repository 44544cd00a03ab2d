"""Kills the app-server mid-stream, then checks for a retryable 503 and, later, success."""

import os
import signal
import time

import openai

from common import MODEL, client, health, report

hello = [{"role": "user", "content": "talk"}]
once = client(max_retries=0)
result = {}

stream = once.chat.completions.create(model=MODEL, messages=hello, stream=True)
text = ""
try:
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            text += chunk.choices[0].delta.content
            if "pid_killed" not in result:
                pid = health()["worker_pid"]
                os.kill(pid, signal.SIGKILL)
                result["pid_killed"] = pid
    result["mid_stream"] = {"raised": None, "text": text}
except openai.APIError as error:
    result["mid_stream"] = {"raised": type(error).__name__, "code": getattr(error, "code", None)}

try:
    once.chat.completions.with_raw_response.create(model=MODEL, messages=hello)
    result["next"] = {"raised": None}
except openai.APIStatusError as error:
    result["next"] = {"raised": type(error).__name__, "status": error.status_code,
                      "should_retry": error.response.headers.get("x-should-retry"), "code": error.code}

deadline = time.monotonic() + 60
while True:
    try:
        answer = client(max_retries=5).chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "again"}])
        result["after_restart"] = {"text": answer.choices[0].message.content}
        break
    except openai.APIError as error:
        if time.monotonic() > deadline:
            result["after_restart"] = {"raised": type(error).__name__}
            break
        time.sleep(0.5)
result["health"] = health()
report(result)
