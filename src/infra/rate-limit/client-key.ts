import { isIPv6 } from 'node:net'

/**
 * The rate-limit key of a client address (as Fastify's `request.ip` gives it, which honours
 * `trustProxy`):
 * - IPv4 as is; an IPv4-mapped IPv6 address (`::ffff:203.0.113.5`) as its IPv4 address;
 * - IPv6 as its /64 network (`2001:db8:1:2::/64`), because one subscriber commonly holds a
 *   whole /64 and could otherwise rotate through 2^64 addresses, each with a fresh quota.
 * @returns the key; anything that is not an IPv6 address is returned unchanged
 * @see RFC 6177 (IPv6 address assignment to end sites), RFC 4291 §2.2 (text representation)
 */
export function clientKey(ip: string): string {
  if (!ip.includes(':')) return ip
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip)
  if (mapped) return mapped[1]!
  const address = ip.split('%')[0]!
  if (!isIPv6(address)) return ip
  const [head = '', tail] = address.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  // An embedded IPv4 tail (`::1.2.3.4`) fills the last two groups, outside the /64 we keep.
  const width = (groups: string[]) => groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0)
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - width(left) - width(right)).fill('0'), ...right]
  return `${groups.slice(0, 4).map((g) => (g.includes('.') ? g : parseInt(g, 16).toString(16))).join(':')}::/64`
}
