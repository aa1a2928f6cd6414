// Who may call what, as a Substrate node decides it (--rpc-methods, --rpc-cors, the Host filter), plus every dev_*
// method counted as unsafe: a web page open in the developer's browser must not be able to rewrite the chain.
//  - Host header: a request naming a host other than localhost / an IP address / the interface the node listens on
//    is refused (403): that is a DNS-rebinding page whose domain now resolves to 127.0.0.1. `--rpc-cors all` lifts it.
//  - Origin header (sent by browsers only): an origin outside --rpc-cors may still read (safe methods; on HTTP the
//    browser withholds the answer from the page, as no CORS header is sent) but never call an unsafe method.
//  - --rpc-methods: `unsafe` serves every method to admitted callers, `safe` refuses the unsafe ones to everybody,
//    `auto` is unsafe on a loopback interface and safe on any other.
import type http from 'node:http';
import net from 'node:net';
import type { AccessPolicy } from './server.ts';

export type RpcMethodsMode = 'auto' | 'safe' | 'unsafe';

/** Substrate's unsafe RPC methods (DenyUnsafe in sc-rpc), of those this node serves, and every dev_* method. */
export const SUBSTRATE_UNSAFE_METHODS = new Set([
  'author_insertKey', 'author_rotateKeys', 'author_hasKey', 'author_hasSessionKeys', 'author_removeExtrinsic',
  'system_addReservedPeer', 'system_removeReservedPeer', 'system_peers', 'system_unstable_networkState',
  'system_networkState', 'system_addLogFilter', 'system_resetLogFilter',
  'state_getPairs', 'state_queryStorage', 'state_traceBlock', 'offchain_localStorageGet', 'offchain_localStorageSet',
  'sync_state_genSyncSpec',
]);

export const isUnsafeMethod = (name: string): boolean => name.startsWith('dev_') || SUBSTRATE_UNSAFE_METHODS.has(name);

/** Substrate's default --rpc-cors: localhost origins on any port and polkadot.js apps. */
export const DEFAULT_CORS = [
  'http://localhost:*', 'http://127.0.0.1:*', 'https://localhost:*', 'https://127.0.0.1:*', 'https://polkadot.js.org',
];

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || (net.isIPv4(h) && h.startsWith('127.'));
}

/** The methods mode `auto` resolves to for an interface. */
export function resolveRpcMethods(mode: RpcMethodsMode, listenHost: string): 'safe' | 'unsafe' {
  if (mode !== 'auto') return mode;
  return isLoopback(listenHost) ? 'unsafe' : 'safe';
}

function originAllowed(origin: string, allowed: string[] | 'all'): boolean {
  if (allowed === 'all') return true;
  const o = origin.toLowerCase();
  return allowed.some(a => {
    const pattern = a.toLowerCase();
    if (pattern.endsWith(':*')) {
      const base = pattern.slice(0, -2);
      return o === base || (o.startsWith(base + ':') && /^\d+$/.test(o.slice(base.length + 1)));
    }
    return o === pattern;
  });
}

/** The host name of a Host header value (without port; IPv6 without brackets). */
function hostName(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(1, hostHeader.indexOf(']'));
  const i = hostHeader.lastIndexOf(':');
  return (i >= 0 && hostHeader.indexOf(':') === i ? hostHeader.slice(0, i) : hostHeader).toLowerCase();
}

function hostAllowed(hostHeader: string, listenHost: string): boolean {
  const name = hostName(hostHeader);
  return name === 'localhost' || name.endsWith('.localhost') || net.isIP(name) !== 0 || name === listenHost.toLowerCase();
}

export interface AccessOptions {
  methods: RpcMethodsMode;
  /** Allowed browser origins (`*` as a port wildcard), or 'all'. */
  cors: string[] | 'all';
  /** The interface the server listens on. */
  listenHost: string;
}

export function accessPolicy(o: AccessOptions): AccessPolicy {
  const unsafeMode = resolveRpcMethods(o.methods, o.listenHost) === 'unsafe';
  return {
    admit(headers: http.IncomingHttpHeaders) {
      const host = headers.host;
      if (o.cors !== 'all' && host !== undefined && !hostAllowed(host, o.listenHost)) return null;
      const origin = headers.origin;
      const trustedOrigin = origin === undefined || originAllowed(origin, o.cors);
      return { unsafeAllowed: unsafeMode && trustedOrigin };
    },
    corsOrigin(origin: string | undefined) {
      if (o.cors === 'all') return '*';
      return origin !== undefined && originAllowed(origin, o.cors) ? origin : null;
    },
    isUnsafe: isUnsafeMethod,
  };
}
