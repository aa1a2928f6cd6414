// The few chain calls neurons make, through @polkadot/api: connect, sign-and-wait with a wallet key, sudo (dev chains),
// and the IP encoding serve_axon uses (u128 integer, ip_type 4/6).
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { Keypair } from './wallet/index.ts';

/** subtensor's payload-free transaction extensions (as node/index.ts declares them for its own clients). */
const SUBTENSOR_EXTENSIONS = Object.fromEntries(
  ['SudoTransactionExtension', 'CheckShieldedTxValidity', 'SubtensorTransactionExtension', 'DrandPriority'].map(n => [n, { extrinsic: {}, payload: {} }]),
);

export async function connect(url: string): Promise<ApiPromise> {
  return ApiPromise.create({ provider: new WsProvider(url, 1000), signedExtensions: SUBTENSOR_EXTENSIONS, noInitWarn: true, throwOnConnect: true });
}

const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
/** A signer for @polkadot/api from a wallet keypair (needs its seed, which btcli keyfiles carry). */
export function signer(kp: Keypair): KeyringPair {
  if (!kp.seed) throw new Error(`key ${kp.ss58Address} has no seed in its keyfile: cannot sign transactions`);
  return keyring.addFromSeed(kp.seed);
}
export function devSigner(uri: string): KeyringPair { return keyring.addFromUri(uri); }

export class ChainError extends Error {}

/** Signs, submits, waits for inclusion; throws ChainError with `section.Name` of a failed dispatch. Returns the events. */
export function send(api: ApiPromise, tx: SubmittableExtrinsic<'promise'>, who: KeyringPair): Promise<any[]> {
  return new Promise((resolve, reject) => {
    tx.signAndSend(who, { nonce: -1 }, ({ status, dispatchError, events }) => {
      if (dispatchError) {
        const why = dispatchError.isModule ? (({ section, name }) => `${section}.${name}`)(api.registry.findMetaError(dispatchError.asModule)) : dispatchError.toString();
        reject(new ChainError(`${tx.method.section}.${tx.method.method}: ${why}`));
      } else if (status.isInBlock || status.isFinalized) {
        const failed = events.find(e => e.event.section === 'sudo' && e.event.method === 'Sudid' && (e.event.data[0] as any).isErr);
        if (failed) reject(new ChainError(`sudo ${tx.method.section}.${tx.method.method}: ${(failed.event.data[0] as any).asErr.toString()}`));
        else resolve(events.map(e => e.event));
      }
    }).catch(reject);
  });
}

export function sudo(api: ApiPromise, call: SubmittableExtrinsic<'promise'>, sudoKey: KeyringPair): Promise<any[]> {
  return send(api, api.tx.sudo.sudo(call), sudoKey);
}

export function ipToInt(ip: string): { ip: bigint; ipType: number } {
  if (ip.includes(':')) throw new Error('IPv6 axons are not supported by this helper');
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some(p => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  return { ip: BigInt(((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3]), ipType: 4 };
}
export function intToIp(ip: bigint, ipType: number): string {
  if (ipType === 4 || ip < 1n << 32n) return [24n, 16n, 8n, 0n].map(s => String((ip >> s) & 255n)).join('.');
  const hex = ip.toString(16).padStart(32, '0');
  return hex.match(/.{4}/g)!.map(g => g.replace(/^0+(?=.)/, '')).join(':');
}

/** serve_axon for the hotkey (subtensor call index 4). */
export async function serveAxon(api: ApiPromise, hotkey: KeyringPair, netuid: number, ip: string, port: number, version = 1): Promise<void> {
  const { ip: ipInt, ipType } = ipToInt(ip);
  await send(api, api.tx.subtensorModule.serveAxon(netuid, version, ipInt, port, ipType, 4, 0, 0), hotkey);
}
