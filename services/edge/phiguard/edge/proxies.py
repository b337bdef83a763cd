"""The client address behind trusted proxies: what per-IP rate limits and the audit trail see.

uvicorn's own proxy handling trusts X-Forwarded-For from any loopback peer, so a client next to the
edge could name a fresh address on every request. Here nothing is believed unless the peer itself is in
`trusted_proxies`; then X-Forwarded-For is read from the right, skipping hops that are trusted proxies
too, and the first other hop is the client (the leftmost entries are whatever the client sent).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class TrustedProxies:
    def __init__(self, cidrs: Iterable[str]) -> None:
        self._networks: tuple[_Network, ...] = tuple(ipaddress.ip_network(c, strict=False) for c in cidrs)

    def __bool__(self) -> bool:
        return bool(self._networks)

    def trusts(self, host: str) -> bool:
        try:
            address = ipaddress.ip_address(host.strip().strip("[]"))
        except ValueError:
            return False
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        return any(address.version == n.version and address in n for n in self._networks)

    def client(self, peer: str, forwarded_for: str | None) -> str:
        """The address to charge: the peer, unless it is a trusted proxy that reports one."""
        if not self._networks or not peer or not self.trusts(peer) or not forwarded_for:
            return peer
        hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
        for hop in reversed(hops):
            if not self.trusts(hop):
                return _address(hop) or "unknown"
        # Every hop is a proxy of ours: the leftmost is as close to the client as we can tell.
        return _address(hops[0]) if hops else peer

    def scheme(self, peer: str, forwarded_proto: str | None, default: str) -> str:
        if not forwarded_proto or not self.trusts(peer):
            return default
        proto = forwarded_proto.split(",")[-1].strip().lower()
        return proto if proto in ("http", "https") else default


def _address(hop: str) -> str | None:
    # A hop must be an address ("1.2.3.4", "2001:db8::1", "[2001:db8::1]:443", "1.2.3.4:5678"); anything else
    # (a name, garbage) means the proxy's report cannot be used.
    candidate = hop
    if candidate.startswith("["):
        candidate = candidate[1:].split("]", 1)[0]
    elif candidate.count(":") == 1:
        candidate = candidate.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None
