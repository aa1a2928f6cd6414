// The validator on a subnet with commit-reveal on: round 1 commits (a hash, no weights visible), a later round in
// the next epoch reveals — accepted by the chain only if the hash is subtensor's (blake2_256 of the SCALE-encoded
// account, netuid, uids, values, salt, version key) — and the weights appear in storage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useNode } from '../node/helpers.ts';
import { setupSubnet, advance, type SubnetSetup } from '../../neurons/demo.ts';
import { startMiner, type RunningMiner } from '../../neurons/miner/index.ts';
import { Validator } from '../../neurons/validator/index.ts';
import { Metagraph } from '../../neurons/metagraph.ts';
import { cryptoReady } from '../../neurons/wallet/index.ts';

const f = useNode({ mode: 'instant' });
let setup: SubnetSetup, miner: RunningMiner, walletPath: string;

beforeAll(async () => {
  await cryptoReady();
  walletPath = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-wallets-'));
  setup = await setupSubnet(f.api, f.node.url, true, { miners: 1, validators: 1, walletPath, commitReveal: true });
  miner = await startMiner({ api: f.api, hotkey: setup.miners[0].hot, netuid: setup.netuid, model: 'linear', bindIp: '127.0.0.2', externalIp: '127.0.0.2' });
}, 120_000);
afterAll(async () => { await miner?.stop(); fs.rmSync(walletPath, { recursive: true, force: true }); });

describe('validator with commit-reveal', () => {
  it('commits first, reveals in the next epoch, and the revealed weights are the ones it measured', async () => {
    const { netuid } = setup;
    const q = f.api.query.subtensorModule as any;
    const mg = await Metagraph.sync(f.api, netuid);
    expect(mg.commitRevealEnabled).toBe(true);
    expect(mg.axons[miner.uid].served).toBe(true);
    const vHot = setup.validators[0].hot;
    const vUid = mg.uidOf(vHot.ss58Address);
    const v = new Validator({ api: f.api, hotkey: vHot, netuid, tasksPerRound: 16 });

    const r1 = await v.round();
    expect(r1.committed).toBe(true);
    expect(r1.results.map(x => x.uid)).toEqual([miner.uid]);
    expect(r1.results[0].status).toBe(200);
    const commits = (await q.weightCommits(netuid, vHot.ss58Address)).unwrapOr([]);
    expect(commits.length).toBe(1);
    expect((await q.weights(netuid, vUid)).toJSON()).toEqual([]);

    const tempo = Number((await q.tempo(netuid)).toString());
    await advance(f.api, f.node.url, tempo + 1, true);
    const r2 = await v.round();
    expect(r2.committed).toBe(true);
    // One miner: its moving-average score is the maximum, so it gets u16::MAX.
    expect((await q.weights(netuid, vUid)).toJSON()).toEqual([[miner.uid, 65535]]);
  }, 120_000);
});
