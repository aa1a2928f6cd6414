// The node's drand pulse source: what subtensor's Drand offchain worker does after each imported block, done by the
// node. It reads Drand.LastStoredRound / NextUnsignedAt from the new head's state, fetches the missing rounds (at most
// 50, from the latest one back to LastStoredRound + 1, or only the latest on a fresh chain) and submits each as the
// unsigned `Drand.write_pulse` HEAD's worker submits: a PulsesPayload { block_number, [pulse], public } signed with
// the node's sr25519 drand key. The runtime verifies the BLS signature; the node only transports.
//
// Sources: `quicknet` (HEAD's five public HTTP endpoints, raced, 1 s timeout), one or more `http(s)://` base URLs
// serving drand's HTTP API, or `dev`: a built-in beacon that signs quicknet-timed rounds (genesis 1692803367,
// period 3 s, so round numbers match quicknet's at the same wall-clock time) with a fixed development key.
import { sha256 } from '@noble/hashes/sha2.js';
import { Writer, fromHex, toHex } from '../runtime/codec/scale.ts';
import { storagePrefix } from '../runtime/crypto/hashing.ts';
import { Fr, signRound } from '../runtime/crypto/drand.ts';
import type { Chain, Logger } from './chain.ts';
import type { TransactionPool } from './pool.ts';
import { TransactionSource } from './runtime_calls.ts';
import { devKey, sign, signDeterministic, type DevKey } from './keys.ts';

export type DrandMode = { kind: 'off' } | { kind: 'dev' } | { kind: 'http'; endpoints: string[] };

/** HEAD pallets/drand ENDPOINTS. */
export const QUICKNET_ENDPOINTS = [
  'https://api.drand.sh',
  'https://api2.drand.sh',
  'https://api3.drand.sh',
  'https://drand.cloudflare.com',
  'https://api.drand.secureweb3.com:6875',
];
export const QUICKNET_CHAIN_HASH = '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971';
const QUICKNET_GENESIS_TIME = 1_692_803_367;
const PERIOD_S = 3;
const MAX_PULSES_TO_FETCH = 50n;
const HTTP_TIMEOUT_MS = 1_000;
const DRAND_PALLET_INDEX = 26;
const WRITE_PULSE_CALL_INDEX = 0;

/** `off`, `dev`, `quicknet`, or comma-separated drand HTTP API base URLs. */
export function parseDrandMode(v: string): DrandMode {
  const s = v.trim();
  if (s === 'off') return { kind: 'off' };
  if (s === 'dev') return { kind: 'dev' };
  if (s === 'quicknet') return { kind: 'http', endpoints: QUICKNET_ENDPOINTS };
  const endpoints = s.split(',').map(e => e.trim().replace(/\/+$/, ''));
  if (endpoints.length === 0 || !endpoints.every(e => /^https?:\/\/[^\s]+$/.test(e))) {
    throw new Error(`--drand expects off, dev, quicknet or http(s) URLs, got "${v}"`);
  }
  return { kind: 'http', endpoints };
}

// ── The dev beacon ──────────────────────────────────────────────────────────────────────────────────────────────
/**
 * The dev beacon's secret scalar: sha256("subtensor-ts dev drand beacon") read big-endian, mod r. It is public on
 * purpose (anyone can decrypt dev-chain timelocks early); never use it for anything but local chains.
 */
export const DEV_BEACON_SECRET: bigint = Fr.create(BigInt('0x' + Buffer.from(sha256(new TextEncoder().encode('subtensor-ts dev drand beacon'))).toString('hex')));
/**
 * Its public key (compressed G2) = G2.BASE × DEV_BEACON_SECRET, what `--drand dev` writes into Drand.BeaconConfig at
 * genesis. Written out because the G2 multiplication costs ~100 ms at start-up; test/drand/node_sources.test.ts
 * recomputes it from the secret.
 */
export const DEV_BEACON_PUBLIC_KEY: Uint8Array = fromHex('0xb92a03163f6b57250f915669093af4a8236abfd780dceb92a3603106de824a70035f2092cce6ee1f8b0ea4edd6023eae1958b51f0b8a6be2cf7f3348b992719d097951439e802da88c7e456c71c8c64085f9b68a2e2dfad88b1d2f29a60732b1');

/** Drand.BeaconConfig for the dev beacon (genesis config `drandBeaconConfig`). */
export function devBeaconConfig() {
  const ascii = (s: string) => new TextEncoder().encode(s);
  return {
    public_key: DEV_BEACON_PUBLIC_KEY,
    period: PERIOD_S,
    genesis_time: QUICKNET_GENESIS_TIME,
    hash: sha256(ascii('subtensor-ts dev drand beacon: chain')),
    group_hash: sha256(ascii('subtensor-ts dev drand beacon: group')),
    scheme_id: ascii('bls-unchained-g1-rfc9380'),
    metadata: { beacon_id: ascii('subtensor-ts-dev') },
  };
}

export interface PulseJson { round: bigint; randomness: Uint8Array; signature: Uint8Array }

/** The dev beacon's pulse for `round` (randomness = sha256(signature), as drand publishes it). */
export function devPulse(round: bigint): PulseJson {
  const signature = signRound(DEV_BEACON_SECRET, round);
  return { round, randomness: sha256(signature), signature };
}

/** drand's round at unix time `nowMs`: round 1 at genesis, one more per period. */
export function roundAt(nowMs: number, genesisTime = QUICKNET_GENESIS_TIME, period = PERIOD_S): bigint {
  const s = Math.floor(nowMs / 1000) - genesisTime;
  return s < 0 ? 0n : BigInt(Math.floor(s / period) + 1);
}

interface PulseSource {
  latest(): Promise<PulseJson | null>;
  round(r: bigint): Promise<PulseJson | null>;
}

/** The dev beacon as a source. A BLS signature costs tens of milliseconds on the main thread and the worker asks for
 *  the latest round after every block (four per round at 250 ms blocks), so the pulses of the last few rounds are
 *  kept: each round is signed once. */
function devSource(now: () => number): PulseSource {
  const recent = new Map<bigint, PulseJson>();
  const pulse = (r: bigint): PulseJson => {
    let p = recent.get(r);
    if (!p) {
      p = devPulse(r);
      recent.set(r, p);
      if (recent.size > 64) recent.delete(recent.keys().next().value!);
    }
    return p;
  };
  return {
    latest: async () => { const r = roundAt(now()); return r > 0n ? pulse(r) : null; },
    round: async r => (r > 0n && r <= roundAt(now()) ? pulse(r) : null),
  };
}

/** HEAD `fetch_and_decode_from_any_endpoint`: every endpoint at once, the first 200 with a decodable body wins. */
function httpSource(endpoints: string[], chainHash: string): PulseSource {
  const get = async (path: string): Promise<PulseJson | null> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), HTTP_TIMEOUT_MS);
    try {
      return await Promise.any(endpoints.map(async e => {
        const res = await fetch(`${e}/${chainHash}/public/${path}`, { signal: controller.signal });
        if (res.status !== 200) throw new Error(`status ${res.status}`);
        const body = await res.json() as { round: number; randomness: string; signature: string };
        if (!Number.isSafeInteger(body.round) || typeof body.randomness !== 'string' || typeof body.signature !== 'string') throw new Error('bad body');
        return { round: BigInt(body.round), randomness: fromHex(body.randomness), signature: fromHex(body.signature) };
      }));
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  };
  return { latest: () => get('latest'), round: r => get(String(r)) };
}

// ── The worker ──────────────────────────────────────────────────────────────────────────────────────────────────
const LAST_STORED_ROUND_KEY = toHex(storagePrefix('Drand', 'LastStoredRound'));
const NEXT_UNSIGNED_AT_KEY = toHex(storagePrefix('Drand', 'NextUnsignedAt'));
/** Drand.BeaconConfig: SCALE struct whose first field is public_key (compact(96) = 2 bytes, then the key). */
const BEACON_CONFIG_KEY = toHex(storagePrefix('Drand', 'BeaconConfig'));

function readLE(bytes: Uint8Array | undefined): bigint {
  let n = 0n;
  if (bytes) for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}

/** The unsigned `Drand.write_pulse { pulses_payload, signature: Some(Sr25519(sig)) }` extrinsic, SCALE-encoded. */
export function writePulseExtrinsic(key: DevKey, blockNumber: number, pulse: PulseJson, signWith: typeof sign = sign): Uint8Array {
  const payload = new Writer();
  payload.u32(blockNumber);
  payload.compact(1);
  payload.u64(pulse.round);
  payload.bytes(pulse.randomness);
  payload.bytes(pulse.signature);
  payload.u8(1); // MultiSigner::Sr25519
  payload.raw(key.publicKey);
  const payloadBytes = payload.finish();
  const call = new Writer();
  call.u8(DRAND_PALLET_INDEX);
  call.u8(WRITE_PULSE_CALL_INDEX);
  call.raw(payloadBytes);
  call.u8(1); // Some
  call.u8(1); // MultiSignature::Sr25519
  call.raw(signWith(key, payloadBytes));
  const body = call.finish();
  const xt = new Writer();
  xt.compact(body.length + 1);
  xt.u8(0x04); // extrinsic v4, unsigned
  xt.raw(body);
  return xt.finish();
}

export class DrandWorker {
  private running = false;
  private stopped = false;
  private unsubscribe: () => void;
  private readonly source: PulseSource;
  /** The sr25519 key whose signature the payloads carry (HEAD generates a `drnd` key per node; any key is accepted). */
  readonly key = devKey('//DrandOffchainWorker');

  /** The pass started for the latest block (tests await it before building the next block). */
  lastPass: Promise<number> = Promise.resolve(0);

  constructor(private readonly chain: Chain, private readonly pool: TransactionPool, private readonly log: Logger, mode: DrandMode & { kind: 'dev' | 'http' }, now: () => number = Date.now) {
    this.source = mode.kind === 'dev' ? devSource(now) : httpSource(mode.endpoints, QUICKNET_CHAIN_HASH);
    this.unsubscribe = chain.onBlock(b => { this.lastPass = this.run(b.block.number); });
    // The beacon key is chosen at genesis: a chain made with another --drand mode rejects (skips) these pulses.
    const config = chain.headState.get(BEACON_CONFIG_KEY);
    const devKeyOnChain = !!config && toHex(config.subarray(2, 98)) === toHex(DEV_BEACON_PUBLIC_KEY);
    if (devKeyOnChain !== (mode.kind === 'dev')) {
      log.warn(`drand: this chain's Drand.BeaconConfig holds ${devKeyOnChain ? 'the dev beacon' : "quicknet's"} key; pulses from --drand ${mode.kind === 'dev' ? 'dev' : 'quicknet/url'} will not verify (the key is fixed at genesis)`);
    }
  }

  /** One offchain-worker pass for the block just imported; a pass still fetching makes later blocks skip theirs. */
  async run(blockNumber: number): Promise<number> {
    if (this.running || this.stopped) return 0;
    this.running = true;
    try {
      const state = this.chain.headState;
      if (readLE(state.get(NEXT_UNSIGNED_AT_KEY)) > BigInt(blockNumber)) return 0;
      let last = readLE(state.get(LAST_STORED_ROUND_KEY));
      const latest = await this.source.latest();
      if (!latest) { this.log.debug('drand: no pulse from the source'); return 0; }
      if (last === 0n) last = latest.round - 1n;
      if (latest.round <= last) return 0;
      const count = latest.round - last < MAX_PULSES_TO_FETCH ? latest.round - last : MAX_PULSES_TO_FETCH;
      let submitted = 0;
      for (let r = last + 1n; r <= last + count && !this.stopped; r++) {
        const pulse = r === latest.round ? latest : await this.source.round(r);
        if (!pulse) { this.log.debug(`drand: round ${r} unavailable`); break; }
        try {
          this.pool.submit(writePulseExtrinsic(this.key, blockNumber, pulse, this.chain.deterministic ? signDeterministic : sign), undefined, TransactionSource.Local);
          submitted++;
        } catch (e) {
          // Already pooled (same round) or stale: the next pass looks again.
          this.log.debug(`drand: round ${r} not submitted: ${(e as Error).message}`);
        }
      }
      return submitted;
    } finally {
      this.running = false;
    }
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
  }
}
