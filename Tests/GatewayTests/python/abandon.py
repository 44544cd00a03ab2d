"""A client that takes too long to send a function's result: the waiting turn is given up (visible at /metrics);
the late result then still gets an answer, from a fresh thread holding the call and its output."""

import time
import urllib.request

from common import BASE_URL, MODEL, client, report

WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "The weather in a city.",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
api = client(max_retries=0)


def metric(name):
    with urllib.request.urlopen(BASE_URL + "/metrics", timeout=10) as response:
        for line in response.read().decode().splitlines():
            if line.startswith(name + " "):
                return float(line.split(" ")[-1])
    return None


question = [{"role": "user", "content": "What is the weather in Paris?"}]
answer = api.chat.completions.create(model=MODEL, messages=question, tools=[WEATHER])
call = answer.choices[0].message.tool_calls[0]
out = {"finish_reason": answer.choices[0].finish_reason, "active_while_waiting": metric("warden_gateway_active_turns")}
deadline = time.time() + 30
while time.time() < deadline and metric("warden_gateway_active_turns") != 0:
    time.sleep(0.1)
out["active_after"] = metric("warden_gateway_active_turns")
out["abandoned"] = metric("warden_gateway_tool_calls_abandoned_total")
late = api.chat.completions.create(model=MODEL, tools=[WEATHER], messages=question + [
    {"role": "assistant", "content": None, "tool_calls": [call.model_dump()]},
    {"role": "tool", "tool_call_id": call.id, "content": "rain, 12 C"}])
out["late_answer"] = late.choices[0].message.content
out["late_finish"] = late.choices[0].finish_reason
out["active_at_end"] = metric("warden_gateway_active_turns")
out["tool_calls_total"] = metric("warden_gateway_tool_calls_total")
report(out)
