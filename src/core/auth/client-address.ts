// The key failed authentications are counted under: the client's address,
// never its port (a new connection per attempt must not start a new count).
// An IPv4 client seen through an IPv6 socket (`::ffff:10.0.0.1`) counts as
// its IPv4 address, and an IPv6 client as its /64 network: one host usually
// holds a whole /64, so counting single IPv6 addresses would let it rotate.
import { isIPv4, isIPv6 } from 'node:net';

const mappedIPv4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** The eight 16-bit groups of an IPv6 address, `::` expanded; undefined if not one. */
function ipv6Groups(address: string): string[] | undefined {
  const [head = '', tail, extra] = address.split('::');
  if (extra !== undefined) return undefined;
  const split = (part: string) => (part === '' ? [] : part.split(':'));
  const left = split(head);
  const right = tail === undefined ? [] : split(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  return [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
}

/** The address failed authentications are counted under; see the file comment. */
export function clientAddressKey(address: string): string {
  const trimmed = address.replace(/%.*$/, ''); // a zone id (fe80::1%eth0) names no other host
  const mapped = mappedIPv4.exec(trimmed);
  if (mapped?.[1]) return mapped[1];
  if (isIPv4(trimmed) || !isIPv6(trimmed)) return trimmed;
  const groups = ipv6Groups(trimmed);
  if (!groups) return trimmed;
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
