// Which network addresses a webhook may be sent to: only public unicast ones, so an endpoint URL cannot reach
// the deployment's own loopback, private network or cloud metadata service (SSRF).
import ipaddr from 'ipaddr.js';

/**
 * The class of an address as ipaddr.js names its ranges ('unicast' is public), with the cloud metadata
 * addresses named apart; an IPv4-mapped IPv6 address is classed as the IPv4 address it carries.
 * Null when the text is no IP address.
 */
export function addressClassOf(address: string): string | null {
  if (!ipaddr.isValid(address)) return null;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const normal = parsed.toNormalizedString();
  if (metadataAddresses.has(normal)) return 'metadata';
  return parsed.range();
}

// AWS/GCP/Azure (169.254.169.254) and AWS's IPv6 instance metadata (fd00:ec2::254). Both fall in ranges that
// are refused anyway (link-local, unique-local); named so the reason reads right.
const metadataAddresses = new Set(['169.254.169.254', ipaddr.parse('fd00:ec2::254').toNormalizedString()]);

/**
 * Public: a global unicast address. Everything else is refused — loopback, private, link-local,
 * unique-local, metadata, unspecified, multicast, broadcast, carrier-grade NAT, and the special-purpose
 * ranges (reserved, benchmarking, 6to4, Teredo, NAT64 …) that may carry a private IPv4 address inside.
 */
export function isPublicAddress(address: string): boolean {
  return addressClassOf(address) === 'unicast';
}
