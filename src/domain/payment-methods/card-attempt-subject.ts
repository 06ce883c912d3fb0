// Who a declined card attempt counts against: the workspace the card was for, and the client address it came
// from. An IPv6 client is counted by its /64, the block one subscriber gets, so it cannot dodge the limit by
// stepping through the addresses of its own network.

export type CardAttemptSubject = `workspace:${string}` | `address:${string}`;

export function workspaceSubject(workspaceId: string): CardAttemptSubject {
  return `workspace:${workspaceId}`;
}

export function clientAddressSubject(address: string): CardAttemptSubject {
  const ipv4Mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (ipv4Mapped) return `address:${ipv4Mapped[1]}`;
  if (!address.includes(':')) return `address:${address}`;
  return `address:${ipv6Network64(address.split('%')[0] ?? address)}`;
}

/** The first four groups of an IPv6 address, written out in full ("2001:db8::1" → "2001:db8:0:0::/64"). */
function ipv6Network64(address: string): string {
  const [head = '', tail] = address.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : Math.max(0, 8 - headGroups.length - tailGroups.length);
  const groups = [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  const network = groups.slice(0, 4).map((group) => Number.parseInt(group, 16).toString(16));
  return `${network.join(':')}::/64`;
}
