// Runtime-alone benchmark of the transfer path the node takes: TaggedTransactionQueue_validate_transaction (pool
// admission) and BlockBuilder_apply_extrinsic (block building) of signed Balances.transfer_keep_alive, called through
// the runtime API exactly as node/ does (SCALE in, SCALE out, against an OverlayState). Blocks of 1,000 pre-signed
// transfers from the 6 dev accounts; each measured block is applied to a fresh overlay over the same head, so every
// run does identical work (and must leave an identical state root: printed as a digest to compare across commits).
//   validate, verify included: the verifier cache is cleared first, so each call runs the sr25519 verify.
//   validate, cache hit: the same transactions again (verify answered by the cache), the worker's cost beyond it.
//   apply: signatures already verified by validation (as on a node), per call.
// Usage: tsx bench/runtime_apply.ts [--quick] [--profile=FILE]  (--profile writes a V8 CPU profile of the
// measured validate-hit passes and apply blocks only).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as t from '../runtime/codec/types.ts';
import { Writer, toHex } from '../runtime/codec/scale.ts';
import { OverlayState } from '../runtime/frame/state.ts';
import { Header } from '../runtime/frame/header.ts';
import { TransactionSource } from '../runtime/pallets/system/types.ts';
import { H256 } from '../runtime/primitives.ts';
import { InherentData, OpaqueExtrinsic } from '../runtime/apis/types.ts';
import { runtimeConfig } from '../runtime/config.ts';
import { defaultVerifiedCache } from '../runtime/crypto/verify.ts';
import { blake2_256 } from '../runtime/crypto/hashing.ts';
import { TestChain, callOf, GENESIS_TIME } from '../test/helpers/runtime_harness.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const profileOut = args.find(a => a.startsWith('--profile='))?.slice('--profile='.length);
const TXS = 1000;
const BLOCKS = quick ? 2 : 6;
const VALIDATE_PASSES = quick ? 1 : 3;

const chain = await TestChain.create();
chain.newBlock();
const signers = [chain.alice, chain.bob, chain.charlie, chain.dave, chain.eve, chain.ferdie];

// sr25519 signatures are randomised, so the signed transactions are kept in a temp file (per genesis): reruns, and
// runs at other commits, then apply byte-identical blocks and the printed digest is comparable.
const t0 = performance.now();
const cacheFile = path.join(os.tmpdir(), `subtensor-ts-bench-transfers-${toHex(chain.genesisHash).slice(2, 18)}-${TXS}.bin`);
let txs: Uint8Array[] = [];
if (fs.existsSync(cacheFile)) txs = t.decode(t.vec(t.bytes), new Uint8Array(fs.readFileSync(cacheFile)));
else {
  for (let i = 0; i < TXS; i++) {
    const from = signers[i % signers.length];
    const to = signers[(i + 1 + (i >> 3) % 5) % signers.length];
    txs.push(chain.sign(from, callOf('Balances', 'transfer_keep_alive', { dest: { type: 'Id', value: to.publicKey }, value: 1_000_000n + BigInt(i) }), { nonce: Math.floor(i / signers.length) }));
  }
  fs.writeFileSync(cacheFile, t.encode(t.vec(t.bytes), txs));
}
const signMs = performance.now() - t0;

// validate_transaction arguments as the pool encodes them.
const validateArgs = txs.map(xt => {
  const w = new Writer();
  TransactionSource.encodeTo(w, { type: 'External' });
  w.raw(xt);
  H256.encodeTo(w, chain.headHash);
  return w.finish();
});

// CPU time (user + system) of a whole pass or block, per transaction: unlike wall time it does not count the time
// other processes on this shared machine hold the core.
const cpuUs = () => { const u = process.cpuUsage(); return u.user + u.system; };
let lastPassCpu = 0;

function validatePass(): number[] {
  const us: number[] = [];
  const c0 = cpuUs();
  for (const a of validateArgs) {
    const s = performance.now();
    const out = chain.runtime.call('TaggedTransactionQueue_validate_transaction', a, new OverlayState(chain.state));
    us.push((performance.now() - s) * 1000);
    if (out[0] !== 0) throw new Error(`transaction invalid: ${toHex(out)}`);
  }
  lastPassCpu = (cpuUs() - c0) / TXS;
  return us;
}

// The measured block: the node's call sequence on a fresh overlay over the head.
const header = {
  parentHash: chain.headHash, number: chain.headNumber + 1, stateRoot: new Uint8Array(32), extrinsicsRoot: new Uint8Array(32),
  digest: { logs: [{ type: 'PreRuntime', value: [new Uint8Array([97, 117, 114, 97]), new Writer().u64((GENESIS_TIME + BigInt(chain.headNumber + 1) * BigInt(runtimeConfig.slotDurationMs)) / BigInt(runtimeConfig.slotDurationMs)).finish()] }] },
};
const headerBytes = t.encode(Header, header);
const inherentData = t.encode(InherentData, { data: [[new TextEncoder().encode('timstap0'), t.encode(t.u64, GENESIS_TIME + BigInt(header.number) * BigInt(runtimeConfig.slotDurationMs))]] });

function applyBlock(): { us: number[]; blockMs: number; cpuPerTx: number; digest: string } {
  const overlay = new OverlayState(chain.state);
  const rt = chain.runtime;
  rt.call('Core_initialize_block', headerBytes, overlay);
  const inherents = t.decode(t.vec(OpaqueExtrinsic), rt.call('BlockBuilder_inherent_extrinsics', inherentData, overlay));
  for (const x of inherents) rt.call('BlockBuilder_apply_extrinsic', x, overlay);
  const us: number[] = [];
  const b0 = performance.now(), c0 = cpuUs();
  const results: Uint8Array[] = [];
  for (const xt of txs) {
    const s = performance.now();
    const out = rt.call('BlockBuilder_apply_extrinsic', xt, overlay);
    us.push((performance.now() - s) * 1000);
    results.push(out);
  }
  const blockMs = performance.now() - b0, cpuPerTx = (cpuUs() - c0) / TXS;
  for (const r of results) if (r.length !== 2 || r[0] !== 0 || r[1] !== 0) throw new Error(`transfer failed: ${toHex(r)}`);
  const finalHeader = rt.call('BlockBuilder_finalize_block', new Uint8Array(), overlay);
  // Digest of everything observable: the header (state root, extrinsics root) and every apply result.
  const all = new Writer();
  all.raw(finalHeader);
  for (const r of results) all.raw(r);
  return { us, blockMs, cpuPerTx, digest: toHex(blake2_256(all.finish())).slice(0, 18) };
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const f = (x: number) => x.toFixed(1);

// Warm-up: one validation pass fills the verifier cache (as pool admission does), one block warms the JIT.
defaultVerifiedCache.clear();
validatePass();
applyBlock();

if (profileOut) {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  for (let i = 0; i < 3; i++) { validatePass(); applyBlock(); }
  const { profile } = await session.post('Profiler.stop');
  fs.writeFileSync(profileOut, JSON.stringify(profile));
  session.disconnect();
  console.log(`profiled 3 validate-hit passes + 3 apply blocks → ${profileOut}`);
  process.exit(0);
}

const vFull: number[] = [], vHit: number[] = [], apply: number[] = [], blockMs: number[] = [];
const vFullCpu: number[] = [], vHitCpu: number[] = [], applyCpu: number[] = [];
const digests = new Set<string>();
for (let p = 0; p < VALIDATE_PASSES; p++) {
  defaultVerifiedCache.clear();
  vFull.push(...validatePass());
  vFullCpu.push(lastPassCpu);
  vHit.push(...validatePass());
  vHitCpu.push(lastPassCpu);
}
for (let b = 0; b < BLOCKS; b++) {
  const r = applyBlock();
  apply.push(...r.us);
  blockMs.push(r.blockMs);
  applyCpu.push(r.cpuPerTx);
  digests.add(r.digest);
}
if (digests.size !== 1) throw new Error(`blocks differ: ${[...digests].join(', ')}`);

console.log(`Node ${process.version}, nproc ${os.availableParallelism()}, load ${os.loadavg()[0].toFixed(1)}; ${TXS} transfer_keep_alive from ${signers.length} signers (signed or loaded in ${signMs.toFixed(0)} ms)`);
console.log(`validate_transaction, verify included: median ${f(median(vFull))} µs per call; CPU ${f(median(vFullCpu))} µs per tx (median of ${VALIDATE_PASSES} passes of ${TXS})`);
console.log(`validate_transaction, verify cached:   median ${f(median(vHit))} µs per call; CPU ${f(median(vHitCpu))} µs per tx`);
console.log(`apply_extrinsic (verified):             median ${f(median(apply))} µs per call; CPU ${f(median(applyCpu))} µs per tx (median of ${BLOCKS} blocks of ${TXS}); block wall median ${median(blockMs).toFixed(1)} ms`);
const pct = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length * q)]; };
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(`apply: mean ${f(mean(apply))} µs, p90 ${f(pct(apply, 0.9))}, p99 ${f(pct(apply, 0.99))}, max ${f(Math.max(...apply))}; first 100 of a block median ${f(median(apply.slice(0, 100)))}, last 100 ${f(median(apply.slice(TXS - 100, TXS)))}`);
console.log(`validate hit: mean ${f(mean(vHit))} µs, p90 ${f(pct(vHit, 0.9))}; verify included mean ${f(mean(vFull))} µs`);
console.log(`block digest ${[...digests][0]}`);
