"""The client's address, believing `X-Forwarded-For` only when a trusted proxy sent it.

A request's `REMOTE_ADDR` is the peer that opened the connection. Only when that peer is one
of `SAKRA_TRUSTED_PROXIES` (IP addresses or CIDR networks) is `X-Forwarded-For` read, from
the right: each trusted proxy appended the address it saw, so the first address from the
right that is not a trusted proxy is the client. Anything a client writes into the header
itself sits further left and is never reached.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies)


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "SAKRA_TRUSTED_PROXIES", ())))


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [IPv6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # An IPv4 client reaching an IPv6 socket shows up as ::ffff:a.b.c.d.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address, networks) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_ip(request) -> str | None:
    """The client's IP address as a string (None only when the server gave no peer address)."""
    remote = _parse(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None:
        return None
    networks = trusted_networks()
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    client = remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _parse(hop)
        if address is None:
            # Garbage in the chain: stop at the last address a trusted proxy vouched for.
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)
