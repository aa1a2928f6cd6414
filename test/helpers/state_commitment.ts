// The commitment the golden tests were recorded with, when it was the node's state root (before the Substrate trie):
// the sum mod 2^256 of blake2-256(key ++ value) over every entry, as 32 big-endian bytes. It pins the state's bytes,
// whatever the root algorithm, so the goldens recorded with it stay valid.
import { blake2_256 } from '../../runtime/crypto/hashing.ts';
import type { ReadableState } from '../../runtime/frame/state.ts';

export function stateCommitment(state: ReadableState): Uint8Array {
  let acc = 0n;
  for (const k of state.keysWithPrefix('0x')) {
    const entry = Buffer.concat([Buffer.from(k.slice(2), 'hex'), state.get(k)!]);
    acc += BigInt('0x' + Buffer.from(blake2_256(entry)).toString('hex'));
  }
  return new Uint8Array(Buffer.from((acc % (1n << 256n)).toString(16).padStart(64, '0'), 'hex'));
}
