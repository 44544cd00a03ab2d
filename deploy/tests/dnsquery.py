"""A minimal DNS client (standard library only), run inside a container: `python3 - NAME` prints the rcode and the
A records the resolver at 127.0.0.1:53 answers for NAME, as `rcode=<n> a=<ip>,<ip>`."""
import random
import socket
import struct
import sys


def query(name: str, server: str = "127.0.0.1", port: int = 53) -> tuple[int, list[str]]:
    ident = random.randrange(1 << 16)
    question = b"".join(bytes([len(label)]) + label.encode() for label in name.split(".")) + b"\0"
    packet = struct.pack("!HHHHHH", ident, 0x0100, 1, 0, 0, 0) + question + struct.pack("!HH", 1, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(5)
        sock.sendto(packet, (server, port))
        reply = sock.recv(4096)
    rid, flags, _, ancount, _, _ = struct.unpack("!HHHHHH", reply[:12])
    assert rid == ident, "reply to another query"
    offset, addresses = 12 + len(question) + 4, []
    for _ in range(ancount):
        offset += 2 if reply[offset] & 0xC0 == 0xC0 else reply.index(b"\0", offset) + 1 - offset
        rtype, _, _, length = struct.unpack("!HHIH", reply[offset:offset + 10])
        offset += 10
        if rtype == 1:
            addresses.append(socket.inet_ntoa(reply[offset:offset + 4]))
        offset += length
    return flags & 0xF, addresses


if __name__ == "__main__":
    rcode, addresses = query(sys.argv[1])
    print(f"rcode={rcode} a={','.join(addresses)}")
