"""TLS in front of plain-HTTP servers on loopback: the public HTTPS names of the deploy tests' "internet".

Usage: tlsfront.py CERT KEY ADDRESS=PORT...
Listens on ADDRESS:443 for every pair, terminates TLS with CERT/KEY and pipes the bytes to 127.0.0.1:PORT (the
test world's fake GitLab, git server and scripted model listen only on loopback).
"""

from __future__ import annotations

import asyncio
import ssl
import sys


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, ssl.SSLError):
        pass
    finally:
        writer.close()


def forwarder(port: int):
    async def handle(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, upstream_writer), pipe(upstream_reader, client_writer))
    return handle


async def main() -> None:
    cert, key, *pairs = sys.argv[1:]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    servers = []
    for pair in pairs:
        address, port = pair.split("=")
        servers.append(await asyncio.start_server(forwarder(int(port)), address, 443, ssl=context))
    sys.stderr.write("tls front listening\n")
    sys.stderr.flush()
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    asyncio.run(main())
