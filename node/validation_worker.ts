// Worker thread that runs TaggedTransactionQueue_validate_transaction on its own runtime instance against a replica
// of the head state (kept current by the block diffs the main thread posts), so signature checks of incoming
// transactions use the second core while the main thread builds blocks.
import { parentPort, workerData } from 'node:worker_threads';
import { createRuntime, initCrypto } from '../runtime/index.ts';
import { MemoryState, OverlayState } from '../runtime/frame/state.ts';
import { setSignatureVerifier, wasmVerify, verificationKey } from '../runtime/crypto/verify.ts';
import type { WorkerRequest, WorkerResult } from './validators.ts';

type Msg =
  | { type: 'apply'; changes: [string, Uint8Array | null][] }
  | { type: 'validate'; batch: WorkerRequest[] };

// Answers go back in batches too, every ANSWER_BATCH requests and at the end of each request batch, so the main
// thread can admit the first transactions of a large batch while the rest are still being checked.
const ANSWER_BATCH = 64;

const data = workerData as { config: { slotDurationMs: number; fastRuntime: boolean }; entries: [string, Uint8Array][] };
await initCrypto();
const runtime = createRuntime(data.config);
// This thread's signature host function verifies and notes every success; the keys go back with the answer so the
// main thread's verifier knows these signatures when it applies the transactions in a block.
let verified: string[] = [];
setSignatureVerifier((scheme, sig, message, signer) => {
  const ok = wasmVerify(scheme, sig, message, signer);
  if (ok) verified.push(verificationKey(scheme, sig, message, signer));
  return ok;
});
const state = new MemoryState();
for (const [k, v] of data.entries) state.set(k, v);

parentPort!.on('message', (m: Msg) => {
  if (m.type === 'apply') {
    for (const [k, v] of m.changes) v === null ? state.delete(k) : state.set(k, v);
    return;
  }
  let results: WorkerResult[] = [];
  for (const req of m.batch) {
    verified = [];
    try {
      const out = runtime.call('TaggedTransactionQueue_validate_transaction', req.args, new OverlayState(state));
      results.push({ id: req.id, out, verified });
    } catch (e) {
      results.push({ id: req.id, error: (e as Error).message });
    }
    if (results.length >= ANSWER_BATCH) { parentPort!.postMessage({ results }); results = []; }
  }
  if (results.length) parentPort!.postMessage({ results });
});
parentPort!.postMessage({ ready: true });
