// Shared bits of the new-JSON-RPC-spec tests: a node (node/index.ts registers the spec namespaces), storage keys built independently of
// the runtime's code (@polkadot/util-crypto hashers), and follow-event plumbing over the raw websocket client.
import { blake2AsU8a, xxhashAsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aConcat, u8aToHex, stringToU8a } from '@polkadot/util';
import { startNode, type NodeHandle, type NodeOptions } from '../../node/index.ts';
import { RawWs } from '../node/helpers.ts';

export { RawWs };

export async function startSpecNode(opts: Partial<NodeOptions> = {}): Promise<NodeHandle> {
  await cryptoWaitReady();
  return startNode({ port: 0, tmp: true, mode: 'manual', logLevel: 'error', ...opts });
}

export const storageKey = (pallet: string, item: string) =>
  u8aConcat(xxhashAsU8a(stringToU8a(pallet), 128), xxhashAsU8a(stringToU8a(item), 128));

/** System.Account key: prefix ++ blake2_128(who) ++ who. */
export const accountKey = (who: Uint8Array) => u8aToHex(u8aConcat(storageKey('System', 'Account'), blake2AsU8a(who, 128), who));

/** AccountInfo { nonce, consumers, providers, sufficients: u32, data: { free: u64, ... } } → free. */
export function freeOf(valueHex: string | null): bigint {
  if (!valueHex) return 0n;
  const b = Buffer.from(valueHex.slice(2), 'hex');
  return b.readBigUInt64LE(16);
}

/** Follow events of one subscription, in arrival order. */
export async function nextEvent(ws: RawWs, sub: string, pred: (r: any) => boolean = () => true, timeoutMs = 5000): Promise<any> {
  const m = await ws.waitFor(n => n.method === 'chainHead_v1_followEvent' && n.params.subscription === sub && pred(n.params.result), 'notifications', timeoutMs);
  return m.params.result;
}

/** Every follow event of `sub` received so far (removed from the buffer). */
export function drain(ws: RawWs, sub: string): any[] {
  const out: any[] = [];
  for (let i = 0; i < ws.notifications.length;) {
    const n = ws.notifications[i];
    if (n.params?.subscription === sub) { out.push(n.params.result); ws.notifications.splice(i, 1); } else i++;
  }
  return out;
}

export const settle = (ms = 50) => new Promise(r => setTimeout(r, ms));
