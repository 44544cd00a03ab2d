"""Function calling with the official client: a call and its result, non-streamed and streamed; two calls the model
makes in one response; `tool_choice: "none"`; and every request the gateway refuses. Reports what came back."""

import json

import openai

from common import MODEL, client, report

WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "The weather in a city.",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
TIME = {"type": "function", "function": {
    "name": "get_time", "description": "The time now.", "parameters": {"type": "object", "properties": {}}}}
api = client(max_retries=0)


def calls_of(message):
    return [{"id": call.id, "type": call.type, "name": call.function.name, "arguments": call.function.arguments}
            for call in (message.tool_calls or [])]


def assistant(calls):
    return {"role": "assistant", "content": None, "tool_calls": [
        {"id": call["id"], "type": "function", "function": {"name": call["name"], "arguments": call["arguments"]}}
        for call in calls]}


def results(calls, outputs):
    return [{"role": "tool", "tool_call_id": call["id"], "content": output} for call, output in zip(calls, outputs)]


def complete(messages, **options):
    answer = api.chat.completions.create(model=MODEL, messages=messages, tools=[WEATHER, TIME], **options)
    choice = answer.choices[0]
    return {"finish_reason": choice.finish_reason, "content": choice.message.content, "calls": calls_of(choice.message),
            "total_tokens": answer.usage.total_tokens}


def stream(messages):
    chunks = list(api.chat.completions.create(model=MODEL, messages=messages, tools=[WEATHER, TIME], stream=True))
    deltas, finish, text, calls = [], [], "", {}
    for chunk in chunks:
        for choice in chunk.choices:
            if choice.finish_reason:
                finish.append(choice.finish_reason)
            text += choice.delta.content or ""
            for piece in choice.delta.tool_calls or []:
                deltas.append(piece.model_dump(exclude_none=True))
                call = calls.setdefault(piece.index, {"id": None, "type": None, "name": None, "arguments": ""})
                if piece.id:
                    call["id"], call["type"], call["name"] = piece.id, piece.type, piece.function.name
                call["arguments"] += piece.function.arguments or ""
    return {"finish_reasons": finish, "content": text, "deltas": deltas,
            "calls": [calls[index] for index in sorted(calls)]}


def refused(**request):
    try:
        api.chat.completions.create(model=MODEL, **request)
        return {"raised": None}
    except openai.APIStatusError as error:
        return {"raised": type(error).__name__, "status": error.status_code, "param": error.param, "message": error.message}


out = {}
question = [{"role": "user", "content": "What is the weather in Paris?"}]
first = complete(question)
out["plain_call"] = first
out["plain_answer"] = complete(question + [assistant(first["calls"])] + results(first["calls"], ["sunny, 21 C"]))

question = [{"role": "user", "content": "And in Oslo?"}]
first = stream(question)
out["streamed_call"] = first
out["streamed_answer"] = stream(question + [assistant(first["calls"])] + results(first["calls"], ["snow, -3 C"]))

question = [{"role": "user", "content": "Weather in Rome, and the time?"}]
history = list(question)
rounds = []
answer = complete(history)
while answer["finish_reason"] == "tool_calls":
    rounds.append(answer)
    history += [assistant(answer["calls"])] + results(answer["calls"], ["result of " + call["name"] for call in answer["calls"]])
    answer = complete(history)
out["parallel_rounds"] = rounds
out["parallel_answer"] = answer

question = [{"role": "user", "content": "Weather in Lima, and the time in UTC? Stream it."}]
first = stream(question)
out["streamed_parallel"] = first
out["streamed_parallel_answer"] = stream(
    question + [assistant(first["calls"])] + results(first["calls"], ["result of " + call["name"] for call in first["calls"]]))

question = [{"role": "user", "content": "Weather in Kyiv and Lviv?"}]
both = complete(question)
kyiv = [call for call in both["calls"] if call["id"] == "call_kyiv"]
alone = complete(question + [assistant(both["calls"])] + results(kyiv, ["result of call_kyiv"]))
lviv = alone["calls"]
out["partial"] = [both, alone, complete(question + [assistant(both["calls"])] + results(kyiv, ["result of call_kyiv"])
                                         + [assistant(lviv)] + results(lviv, ["result of call_lviv"]))]

out["none"] = complete([{"role": "user", "content": "No tools, please."}], tool_choice="none")

hello = [{"role": "user", "content": "hello"}]
out["required"] = refused(messages=hello, tools=[WEATHER], tool_choice="required")
out["named"] = refused(messages=hello, tools=[WEATHER], tool_choice={"type": "function", "function": {"name": "get_weather"}})
out["custom"] = refused(messages=hello, tools=[{"type": "custom", "custom": {"name": "raw"}}])
out["codex_name"] = refused(messages=hello, tools=[{"type": "function", "function": {"name": "exec_command", "parameters": {}}}])
out["unknown_call"] = refused(messages=hello + [
    {"role": "assistant", "content": None, "tool_calls": [
        {"id": "call_known", "type": "function", "function": {"name": "get_time", "arguments": "{}"}}]},
    {"role": "tool", "tool_call_id": "call_nobody_made", "content": "12:00"}], tools=[TIME])
report(out)
