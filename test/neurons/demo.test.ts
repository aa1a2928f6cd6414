// The demo end to end, small: a dev chain in this process, 3 ONNX miners and 1 validator as separate processes,
// 3 epochs, the second miner stopped at epoch 2. What the chain paid (incentive from the Yuma epoch, read back through
// the metagraph runtime API) must follow what the validator measured (accuracy against the digit labels).
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../neurons/demo.ts';

describe('subtensor-ts demo', () => {
  it('incentive follows measured accuracy; the miner that goes offline loses its incentive; the client gets the top miner', async () => {
    const lines: string[] = [];
    const r = await runDemo({ miners: 3, validators: 1, epochs: 3, offlineAt: 2, offlineMiner: 1, tasksPerRound: 32, progress: false, log: l => lines.push(l) });
    expect(r.epochs).toHaveLength(3);
    expect(lines.filter(l => l.includes('epoch ')).length).toBeGreaterThanOrEqual(3);
    const last = r.epochs[2].filter(x => x.role === 'miner');
    const first = r.epochs[0].filter(x => x.role === 'miner');
    expect(last.map(x => x.model)).toEqual(['mlp', 'linear', 'top-rows']);

    // Mean measured accuracy per miner while it was online.
    const meanAcc = (uid: number) => {
      const xs = r.epochs.flatMap(e => e.filter(x => x.uid === uid && x.online && x.accuracy !== null).map(x => x.accuracy!));
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    // Epoch 1, everyone online: incentive ranks exactly as measured accuracy ranks.
    const byAcc = [...first].sort((a, b) => b.accuracy! - a.accuracy!).map(x => x.uid);
    const byInc = [...first].sort((a, b) => b.incentive - a.incentive).map(x => x.uid);
    expect(byInc).toEqual(byAcc);
    // At the end the best model holds the highest incentive, and online miners still rank by accuracy.
    const online = last.filter(x => x.online);
    const best = [...last].sort((a, b) => meanAcc(b.uid) - meanAcc(a.uid))[0];
    expect(best.model).toBe('mlp');
    expect(Math.max(...last.map(x => x.incentive))).toBe(best.incentive);
    expect(online[0].incentive).toBeGreaterThan(online[1].incentive);
    expect(meanAcc(online[0].uid)).toBeGreaterThan(meanAcc(online[1].uid));
    // Miner incentives are a distribution over the miners (validators earn dividends, not incentive).
    expect(last.reduce((s, x) => s + x.incentive, 0)).toBeCloseTo(1, 3);

    // The offline miner: answered nothing after epoch 2 and its incentive fell below half of what it had, and below
    // every online miner.
    expect(r.offline).not.toBeNull();
    const off = (e: number) => r.epochs[e].find(x => x.uid === r.offline!.uid)!;
    expect(off(0).online).toBe(true);
    expect(off(1).online).toBe(false);
    expect(off(2).accuracy).toBe(0);
    expect(off(2).incentive).toBeLessThan(off(0).incentive / 2);
    for (const x of online) expect(off(2).incentive).toBeLessThan(x.incentive);

    // The client went to the miner with the top incentive and got an answer.
    expect(r.client?.uid).toBe(best.uid);
    expect(r.client?.status).toBe(200);
    expect(r.client?.predictions).toHaveLength(8);
  }, 400_000);
});
