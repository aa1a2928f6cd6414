// startDevChain(), the package's test-suite API (`import { startDevChain } from 'subtensor-ts'`): a chain in this
// process or in a child process, driven through its controls and read back with @polkadot/api.
import '@polkadot/api-augment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { xxhashAsHex } from '@polkadot/util-crypto';
import { startDevChain, type DevChain } from 'subtensor-ts';

/** twox128(pallet) ++ twox128(item) ++ the u16 key with the Identity hasher: SubtensorModule.Tempo(netuid). */
const tempoKey = (netuid: number) =>
  xxhashAsHex('SubtensorModule', 128) + xxhashAsHex('Tempo', 128).slice(2) + Buffer.from([netuid & 0xff, netuid >> 8]).toString('hex');

for (const kind of ['in-process', 'child-process'] as const) {
  describe(`startDevChain (${kind})`, () => {
    let chain: DevChain;
    let api: ApiPromise;
    beforeAll(async () => {
      chain = await startDevChain({ process: kind });
      api = await ApiPromise.create({ provider: new WsProvider(chain.url), noInitWarn: true });
    });
    afterAll(async () => { await api?.disconnect(); await chain?.close(); });

    it('serves a loopback URL on a free port and builds blocks only when asked', async () => {
      expect(chain.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
      expect(chain.url).not.toBe('ws://127.0.0.1:9944');
      const start = (await api.rpc.chain.getHeader()).number.toNumber();
      await new Promise(r => setTimeout(r, 600)); // longer than a 250 ms block: manual mode builds none
      expect((await api.rpc.chain.getHeader()).number.toNumber()).toBe(start);
      const hash = await chain.newBlock(2);
      const head = await api.rpc.chain.getHeader();
      expect(head.number.toNumber()).toBe(start + 2);
      expect(head.hash.toHex()).toBe(hash);
    });

    it('setStorage, timeTravel and runEpoch act on the chain', async () => {
      const q = api.query.subtensorModule as any;
      await chain.setStorage([[tempoKey(1), '0x0700']]);
      expect((await q.tempo(1)).toNumber()).toBe(7);

      const at = Date.UTC(2031, 5, 1);
      expect(await chain.timeTravel(new Date(at))).toBe(at);
      await chain.newBlock();
      expect((await api.query.timestamp.now()).toString()).toBe(String(at));

      const index = (await q.subnetEpochIndex(1)).toBigInt();
      const head = (await api.rpc.chain.getHeader()).number.toNumber();
      await chain.runEpoch(1);
      expect((await q.subnetEpochIndex(1)).toBigInt()).toBe(index + 1n);
      expect((await q.lastEpochBlock(1)).toNumber()).toBe(head + 1);
    });

    it('rpc errors carry the node message and code', async () => {
      await expect(chain.runEpoch(77)).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(/subnet 77 does not exist/) });
    });

    it('close stops the chain: its port no longer answers', async () => {
      await api.disconnect();
      await chain.close();
      await expect(fetch(chain.httpUrl, { method: 'POST', body: '{}' })).rejects.toThrow();
    });
  });
}
