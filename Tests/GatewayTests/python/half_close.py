"""Two streaming clients that half-close (shutdown(SHUT_WR)) right after their request, then one ordinary request.

Each half-closing client must not keep its admission slot: with one turn slot, the ordinary request after them
must be answered, not refused with 429.
"""

import json
import socket
import urllib.parse

from common import API_KEY, BASE_URL, MODEL, client, report

address = urllib.parse.urlparse(BASE_URL)
body = json.dumps({"model": MODEL, "stream": True, "messages": [{"role": "user", "content": "talk"}]}).encode()
request = (
    f"POST /v1/chat/completions HTTP/1.1\r\nHost: {address.netloc}\r\nAuthorization: Bearer {API_KEY}\r\n"
    f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
).encode() + body

answers = []
for _ in range(2):
    connection = socket.create_connection((address.hostname, address.port), timeout=30)
    connection.sendall(request)
    connection.shutdown(socket.SHUT_WR)
    received = b""
    try:
        while chunk := connection.recv(65536):
            received += chunk
    except socket.timeout:
        received += b"<timeout>"
    connection.close()
    answers.append(received.split(b"\r\n", 1)[0].decode(errors="replace"))

try:
    completion = client(max_retries=0).chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "hi"}])
    after = {"status": 200, "content": completion.choices[0].message.content}
except Exception as error:  # noqa: BLE001 - the report names whatever the client raised
    after = {"status": getattr(error, "status_code", None), "error": type(error).__name__}
report({"half_closed": answers, "after": after})
