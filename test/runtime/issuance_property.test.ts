// Property: whatever mix of transfers, tips and fees goes through the executive, after every block the sum of all
// account balances equals Balances.TotalIssuance and no account survives with a balance below the ED.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { System } from '../../runtime/pallets/system/index.ts';
import { totalIssuance, EXISTENTIAL_DEPOSIT } from '../../runtime/pallets/balances/index.ts';
import { TestChain, callOf } from '../helpers/runtime_harness.ts';

type Op = { from: number; to: number; kind: 'allow_death' | 'keep_alive' | 'all' | 'burn'; amount: bigint; tip: bigint };

const opArb = fc.record({
  from: fc.integer({ min: 0, max: 5 }),
  to: fc.integer({ min: 0, max: 6 }),
  kind: fc.constantFrom<Op['kind']>('allow_death', 'keep_alive', 'all', 'burn'),
  // Amounts around the ED, around the small balances, and large.
  amount: fc.oneof(fc.bigInt({ min: 0n, max: 2_000n }), fc.bigInt({ min: 0n, max: 200_000n }), fc.bigInt({ min: 0n, max: 10n ** 15n })),
  tip: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 100_000n })),
});

describe('issuance invariant', () => {
  it('Σ(free + reserved) == TotalIssuance after every block; no account below the ED', async () => {
    const chain = await TestChain.create();
    const kr = new Keyring({ type: 'sr25519' });
    // Senders: Alice, Bob and four small accounts that run dry quickly; recipient 6 is a fresh account each time.
    const small = [1, 2, 3, 4].map(i => kr.addFromUri(`//Prop${i}`));
    const senders: KeyringPair[] = [chain.alice, chain.bob, ...small];
    chain.newBlock(small.map((p, i) => chain.sign(chain.alice, callOf('Balances', 'transfer_allow_death', { dest: { type: 'Id', value: p.publicKey }, value: 150_000n * BigInt(i + 1) }), { nonce: i })));
    let freshCounter = 0;

    const check = () => chain.query(() => {
      let sum = 0n;
      for (const [, info] of System.storage.Account.entries()) {
        const total = info.data.free + info.data.reserved;
        sum += total;
        expect(total === 0n ? info.providers === 0 : total >= EXISTENTIAL_DEPOSIT).toBe(true);
      }
      expect(sum).toBe(totalIssuance());
    });
    check();

    await fc.assert(fc.property(fc.array(fc.array(opArb, { maxLength: 6 }), { minLength: 1, maxLength: 3 }), blocks => {
      for (const ops of blocks) {
        const nonces = new Map<number, number>();
        const xts = ops.map(op => {
          const sender = senders[op.from];
          const nonce = nonces.get(op.from) ?? chain.nonceOf(sender.publicKey);
          nonces.set(op.from, nonce + 1);
          const dest = op.to === 6 ? kr.addFromUri(`//Fresh${freshCounter++}`).publicKey : senders[op.to].publicKey;
          const d = { type: 'Id', value: dest };
          const call = op.kind === 'allow_death' ? callOf('Balances', 'transfer_allow_death', { dest: d, value: op.amount })
            : op.kind === 'keep_alive' ? callOf('Balances', 'transfer_keep_alive', { dest: d, value: op.amount })
              : op.kind === 'all' ? callOf('Balances', 'transfer_all', { dest: d, keep_alive: op.amount % 2n === 0n })
                : callOf('Balances', 'burn', { value: op.amount, keep_alive: op.amount % 2n === 0n });
          return chain.sign(sender, call, { nonce, tip: op.tip });
        });
        chain.newBlock(xts);
        check();
      }
    }), { numRuns: 25, seed: 42 });
  }, 60_000);
});
