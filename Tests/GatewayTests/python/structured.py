"""A request with response_format json_schema: the answer is the model's JSON document."""

import json

from common import MODEL, client, report

schema = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "population": {"type": "integer"}},
    "required": ["city", "population"],
    "additionalProperties": False,
}
completion = client().chat.completions.create(
    model=MODEL,
    messages=[{"role": "user", "content": "Name a big city."}],
    response_format={"type": "json_schema", "json_schema": {"name": "city", "schema": schema, "strict": True}},
)
report({"answer": json.loads(completion.choices[0].message.content)})
