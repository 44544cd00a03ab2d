"""Four non-streamed requests in a row: two of one shape, one with other instructions, then a conversation
of the first shape whose earlier messages must reach the model as history."""

from common import MODEL, client, report

api = client()
answers = []
for system in ["Be brief.", "Be brief.", "Be thorough."]:
    messages = [{"role": "system", "content": system}, {"role": "user", "content": "Say hello."}]
    answers.append(api.chat.completions.create(model=MODEL, messages=messages).choices[0].message.content)
conversation = [
    {"role": "system", "content": "Be brief."},
    {"role": "user", "content": "What is 2+2?"},
    {"role": "assistant", "content": "4"},
    {"role": "user", "content": "And 3+3?"},
]
answers.append(api.chat.completions.create(model=MODEL, messages=conversation).choices[0].message.content)
report({"answers": answers})
