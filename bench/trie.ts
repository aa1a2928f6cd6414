// State-root cost: a state of N accounts (56-byte AccountInfo values, V1 value nodes) and a block that rewrites K of
// them plus a large System.Events value; times the block's root (overlay over the head's trie: only the changed
// paths are hashed) against building the whole trie from scratch. Usage: npx tsx bench/trie.ts [N] [K]
import { MemoryState, OverlayState, stateRootBytes } from '../runtime/frame/state.ts';
import { initCrypto, blake2_128, storagePrefix } from '../runtime/crypto/hashing.ts';
import { Trie } from '../runtime/frame/trie/trie.ts';
import { toHex } from '../runtime/codec/scale.ts';

await initCrypto();
const N = Number(process.argv[2] ?? 100_000), K = Number(process.argv[3] ?? 2_000);
const prefix = toHex(storagePrefix('System', 'Account'));
const keyOf = (i: number) => { const who = new Uint8Array(32); new DataView(who.buffer).setUint32(0, i); return prefix + Buffer.from([...blake2_128(who), ...who]).toString('hex'); };
const state = new MemoryState();
for (let i = 0; i < N; i++) state.set(keyOf(i), new Uint8Array(56).fill(i & 0xff));
let t0 = performance.now();
stateRootBytes(state);
const fullMs = performance.now() - t0;
const times: number[] = [];
for (let round = 1; round <= 9; round++) {
  const ov = new OverlayState(state);
  for (let j = 0; j < K; j++) ov.set(keyOf((j * 7919 + round * 104729) % N), new Uint8Array(56).fill(round));
  ov.set(toHex(storagePrefix('System', 'Events')), new Uint8Array(K * 60).fill(round));
  t0 = performance.now();
  stateRootBytes(ov);
  times.push(performance.now() - t0);
  state.apply(ov.changes(), ov.computedTrie());
}
times.sort((a, b) => a - b);
t0 = performance.now();
Trie.fromSorted(state.entries(), 1).rootHash();
const rebuildMs = performance.now() - t0;
console.log(`N=${N} accounts, K=${K} changed + Events (${K * 60} B): block root median ${times[4].toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[8].toFixed(1)}); first full build ${fullMs.toFixed(0)} ms, rebuild ${rebuildMs.toFixed(0)} ms`);
