// Bad input never crashes the runtime APIs: random and mutated extrinsics always come back as a validity result.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as t from '../../runtime/codec/types.ts';
import { Reader } from '../../runtime/codec/scale.ts';
import { OverlayState } from '../../runtime/frame/state.ts';
import { TestChain, callOf } from '../helpers/runtime_harness.ts';

const framed = (body: Uint8Array) => new Uint8Array([...t.encode(t.compact(t.u32), body.length), ...body]);

describe('runtime API robustness', () => {
  it('validate_transaction and apply_extrinsic answer every framed input', async () => {
    const chain = await TestChain.create();
    chain.newBlock();
    const valid = chain.sign(chain.alice, callOf('Utility', 'batch', { calls: [callOf('System', 'remark', { remark: new Uint8Array([1, 2, 3]) })] }));
    const r = new Reader(valid);
    const body = valid.slice(valid.length - r.compactNumber());
    const inputs = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map(framed),
      // Single- and multi-byte mutations of a valid signed extrinsic (version, address, signature, extra, call).
      fc.array(fc.tuple(fc.nat({ max: body.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 })
        .map(muts => { const b = body.slice(); for (const [i, v] of muts) b[i] = v; return framed(b); }),
      // Truncations.
      fc.nat({ max: body.length - 1 }).map(n => framed(body.slice(0, n))),
    );
    fc.assert(fc.property(inputs, xt => {
      const v = chain.validate(xt);
      expect('ok' in v || 'err' in v).toBe(true);
      const overlay = new OverlayState(chain.state);
      const out = chain.runtime.call('BlockBuilder_apply_extrinsic', xt, overlay);
      expect(out[0] === 0 || out[0] === 1).toBe(true);
    }), { numRuns: 300, seed: 3 });
  });
});
