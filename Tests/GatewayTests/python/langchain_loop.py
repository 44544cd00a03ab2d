"""A two-step LangChain agent loop (`ChatOpenAI.bind_tools` + `ToolMessage`): (2 + 3) * 4 with two tools."""

from langchain_core.messages import HumanMessage, ToolMessage
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI

from common import API_KEY, BASE_URL, MODEL, report


@tool
def add(a: int, b: int) -> int:
    """Adds two integers."""
    return a + b


@tool
def multiply(a: int, b: int) -> int:
    """Multiplies two integers."""
    return a * b


tools = {"add": add, "multiply": multiply}
model = ChatOpenAI(model=MODEL, base_url=BASE_URL + "/v1", api_key=API_KEY, max_retries=0, timeout=60).bind_tools(list(tools.values()))
messages = [HumanMessage("What is (2 + 3) * 4? Use the tools.")]
steps = []
reply = model.invoke(messages)
while reply.tool_calls:
    messages.append(reply)
    for call in reply.tool_calls:
        result = tools[call["name"]].invoke(call["args"])
        steps.append({"name": call["name"], "args": call["args"], "result": result})
        messages.append(ToolMessage(str(result), tool_call_id=call["id"]))
    reply = model.invoke(messages)
report({"steps": steps, "answer": reply.content})
