// The SDK's `create_signed_extrinsic` → `submit` → receipt path (clients.md §2.1), step by step over raw JSON-RPC:
// mortal era (period 128) born at the finalized head, nonce from AccountNonceApi_account_nonce, fee from
// TransactionPaymentApi_query_info on a copy signed with 64 zero bytes, author_submitAndWatchExtrinsic through
// inBlock and finalized, then chain_getBlock + System.Events at the inclusion block: ExtrinsicSuccess at
// ApplyExtrinsic(idx), and module errors decoded to their names from metadata. @polkadot/types does the SCALE
// (payload layout from our metadata's signed extensions), the node sees only what the SDK would send.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blake2AsHex, xxhashAsHex } from '@polkadot/util-crypto';
import { hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { startEnv, type Env } from './env.ts';
import { RawWs } from '../node/helpers.ts';

let env: Env;
let ws: RawWs;

beforeAll(async () => {
  env = await startEnv({ mode: 'instant' });
  ws = await RawWs.connect(env.node.url);
});
afterAll(async () => { ws?.close(); await env?.stop(); });

const u32le = (n: number) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n, true); return b; };
const EVENTS_KEY = u8aToHex(u8aConcat(xxhashAsHex('System', 128), xxhashAsHex('Events', 128)));

/** The V15 output type of a runtime API method, decoded with the API's registry. */
function decodeApiOutput(api: string, method: string, hex: string): any {
  const { registry } = env.api;
  const apis: any[] = (env.api.runtimeMetadata.asLatest as any).apis;
  const m = apis.find((a: any) => a.name.toString() === api).methods.find((x: any) => x.name.toString() === method);
  return registry.createType(registry.lookup.getTypeDef(m.output).type, hexToU8a(hex));
}

interface Signed { hex: string; hash: string; feeEstimate: bigint; length: number }

/** Builds and signs `call` exactly as async-substrate-interface does; returns the extrinsic and the fee estimate. */
async function sdkSign(call: any, uri: string): Promise<Signed> {
  const { api } = env;
  const signer = env.key(uri);
  const finalized: string = await ws.call('chain_getFinalizedHead');
  const current = parseInt((await ws.call('chain_getHeader', [finalized])).number, 16);
  const era = api.createType('ExtrinsicEra', { current, period: 128 });
  const birth = era.asMortalEra.birth(current);
  const birthHash: string = await ws.call('chain_getBlockHash', [birth]);
  const genesisHash: string = await ws.call('chain_getBlockHash', [0]);
  const nonceHex: string = await ws.call('state_call', ['AccountNonceApi_account_nonce', u8aToHex(signer.publicKey), finalized]);
  const nonce = api.createType('u32', hexToU8a(nonceHex)).toNumber();
  expect(genesisHash).toBe(api.genesisHash.toHex()); // what the signing payload's CheckGenesis commits to
  const tx = api.tx(call.method);
  await tx.signAsync(signer, { era, nonce, blockHash: birthHash, tip: 0 });
  // Fee query on a copy carrying a dummy MultiSignature::Sr25519([0; 64]) (polkadot-js treats an all-zero
  // signature as "unsigned", so the bytes are patched: Compact(len) | 0x84 | MultiAddress::Id(32) | 0x01 | sig).
  const signedBytes = tx.toU8a();
  const dummyBytes = signedBytes.slice();
  const body = api.createType('Compact<u32>', signedBytes).encodedLength;
  expect([dummyBytes[body], dummyBytes[body + 1], dummyBytes[body + 34]]).toEqual([0x84, 0x00, 0x01]);
  dummyBytes.fill(0, body + 35, body + 99);
  const info = decodeApiOutput('TransactionPaymentApi', 'query_info',
    await ws.call('state_call', ['TransactionPaymentApi_query_info', u8aToHex(u8aConcat(dummyBytes, u32le(dummyBytes.length))), finalized]));
  return { hex: tx.toHex(), hash: blake2AsHex(tx.toU8a(), 256), feeEstimate: info.partialFee.toBigInt(), length: dummyBytes.length };
}

/** author_submitAndWatchExtrinsic until `finalized`; returns the status names seen and the inclusion block. */
async function submitAndWatch(hex: string): Promise<{ statuses: string[]; inBlock: string; finalized: string }> {
  const sub = await ws.call('author_submitAndWatchExtrinsic', [hex]);
  const statuses: string[] = [];
  let inBlock = '', finalized = '';
  while (!finalized) {
    const note = await ws.waitFor(m => m.params.subscription === sub, 'notifications', 10_000);
    const r = note.params.result;
    const name = typeof r === 'string' ? r : Object.keys(r)[0];
    statuses.push(name);
    if (['usurped', 'retracted', 'finalityTimeout', 'dropped', 'invalid'].includes(name)) throw new Error(`status ${name}`);
    if (name === 'inBlock') inBlock = r.inBlock;
    if (name === 'finalized') finalized = r.finalized;
  }
  await ws.request('author_unwatchExtrinsic', [sub]);
  return { statuses, inBlock, finalized };
}

/** The receipt: index of the extrinsic in the block by hash, and its events from System.Events at that block. */
async function receipt(blockHash: string, xtHash: string) {
  const block = await ws.call('chain_getBlock', [blockHash]);
  const idx = (block.block.extrinsics as string[]).findIndex(x => blake2AsHex(hexToU8a(x), 256) === xtHash);
  const raw = await ws.call('state_getStorageAt', [EVENTS_KEY, blockHash]);
  const records = env.api.registry.createType('Vec<FrameSystemEventRecord>', hexToU8a(raw)) as any;
  const mine = records.filter((r: any) => r.phase.isApplyExtrinsic && r.phase.asApplyExtrinsic.toNumber() === idx);
  return { idx, events: mine.map((r: any) => r.event) };
}

describe('SDK-style signing and submission', () => {
  it('mortal(128) transfer: query_info fee, ready → inBlock → finalized, ExtrinsicSuccess at ApplyExtrinsic(idx), fee charged = estimate', async () => {
    const { api } = env;
    const bob = env.key('//Bob');
    const amount = 5_000_000_000n;
    const bobBefore = (await api.query.system.account(bob.address)).data.free.toBigInt();
    const signed = await sdkSign(api.tx.balances.transferKeepAlive(bob.address, amount), '//Alice');
    expect(signed.feeEstimate).toBeGreaterThan(0n);

    const { statuses, inBlock, finalized } = await submitAndWatch(signed.hex);
    expect(statuses.slice(-2)).toEqual(['inBlock', 'finalized']);
    expect(finalized).toBe(inBlock);

    const { idx, events } = await receipt(inBlock, signed.hash);
    expect(idx).toBeGreaterThan(0); // 0 is the timestamp inherent
    const names = events.map((e: any) => `${e.section}.${e.method}`);
    expect(names).toContain('balances.Transfer');
    expect(names.at(-1)).toBe('system.ExtrinsicSuccess');
    const feePaid = events.find((e: any) => e.method === 'TransactionFeePaid');
    expect(feePaid.data.actualFee.toBigInt()).toBe(signed.feeEstimate);
    const bobAfter = (await api.query.system.account(bob.address)).data.free.toBigInt();
    expect(bobAfter - bobBefore).toBe(amount);
  });

  it('consecutive SDK submissions pick up the next nonce from AccountNonceApi', async () => {
    const { api } = env;
    const first = await sdkSign(api.tx.system.remark('0x01'), '//Charlie');
    await submitAndWatch(first.hex);
    const second = await sdkSign(api.tx.system.remark('0x02'), '//Charlie');
    const { inBlock } = await submitAndWatch(second.hex);
    const { events } = await receipt(inBlock, second.hash);
    expect(events.at(-1).method).toBe('ExtrinsicSuccess');
    expect((await api.query.system.account(env.key('//Charlie').address)).nonce.toNumber()).toBe(2);
  });

  it('a failing call lands as ExtrinsicFailed whose module error decodes to SubtensorModule.SubnetNotExists', async () => {
    const { api } = env;
    const signed = await sdkSign(api.tx.subtensorModule.startCall(777), '//Alice');
    const { inBlock } = await submitAndWatch(signed.hex);
    const { events } = await receipt(inBlock, signed.hash);
    const failed = events.find((e: any) => e.method === 'ExtrinsicFailed');
    expect(failed).toBeTruthy();
    const err = failed.data.dispatchError;
    expect(err.isModule).toBe(true);
    const meta = api.registry.findMetaError(err.asModule);
    expect(`${meta.section}.${meta.name}`).toBe('subtensorModule.SubnetNotExists');
    // Module index is SubtensorModule's construct_runtime! index.
    expect(err.asModule.index.toNumber()).toBe(7);
  });

  it('resubmitting an included extrinsic is temporarily banned (1012); a stale nonce is invalid (1010)', async () => {
    const { api } = env;
    const dave = env.key('//Dave');
    const signed = await sdkSign(api.tx.system.remark('0x03'), '//Dave');
    await submitAndWatch(signed.hex);
    // Same bytes again: substrate's pool bans recently included hashes (the SDK's flaky-test error 1012).
    const again = await ws.request('author_submitExtrinsic', [signed.hex]);
    expect(again.error?.code).toBe(1012);
    // New content signed with the used nonce 0: InvalidTransaction::Stale.
    const stale = api.tx.system.remark('0x04');
    await stale.signAsync(dave, { nonce: 0, era: 0 });
    const r = await ws.request('author_submitExtrinsic', [stale.toHex()]);
    expect(r.error?.code).toBe(1010);
    expect(String(r.error.data ?? r.error.message)).toMatch(/outdated|stale/i);
  });
});
