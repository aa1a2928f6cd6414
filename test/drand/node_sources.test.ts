// The node's pulse sources: `--drand <url>` against a loopback drand HTTP API serving real quicknet pulses (the chain
// keeps HEAD's quicknet BeaconConfig, so the runtime verifies the real signatures), the dev beacon's timing and key,
// and the flag's parsing.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromHex, toHex } from '../../runtime/codec/scale.ts';
import { storagePrefix } from '../../runtime/crypto/hashing.ts';
import { decodeG1, decodeG2, verifyRoundSignature } from '../../runtime/crypto/drand.ts';
import { startNode, type NodeHandle } from '../../node/index.ts';
import { parseDrandMode, roundAt, devPulse, DEV_BEACON_PUBLIC_KEY, DEV_BEACON_SECRET, QUICKNET_CHAIN_HASH } from '../../node/drand.ts';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { DRAND_QUICKNET_PATH } from '../fixtures/paths.ts';

const Q = JSON.parse(readFileSync(DRAND_QUICKNET_PATH, 'utf8'));

describe('--drand <url>: real quicknet pulses over HTTP', () => {
  let server: http.Server;
  let node: NodeHandle;
  const requests: string[] = [];
  beforeAll(async () => {
    // A drand HTTP API whose latest round is 2000 (the real quicknet pulse of that round).
    const pulse = (p: any) => JSON.stringify({ round: p.round, randomness: p.randomness ?? '00'.repeat(32), signature: p.signature });
    server = http.createServer((req, res) => {
      requests.push(req.url!);
      const base = `/${QUICKNET_CHAIN_HASH}/public/`;
      const body = req.url === base + 'latest' || req.url === base + '2000' ? pulse(Q.pulses[1]) : null;
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(body ?? '{}');
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    node = await startNode({ port: 0, tmp: true, mode: 'manual', logLevel: 'silent', drand: parseDrandMode(url) });
  });
  afterAll(async () => { await node?.stop(); await new Promise(r => server?.close(r)); });

  it('on a fresh chain the worker submits only the latest round; the runtime verifies it against quicknet\'s key', async () => {
    node.newBlock(1);
    expect(await node.drand!.lastPass).toBe(1);
    node.newBlock(1);
    const last = node.chain.headState.get(toHex(storagePrefix('Drand', 'LastStoredRound')));
    expect(Buffer.from(last!).readBigUInt64LE()).toBe(2000n);
    expect(requests).toContain(`/${QUICKNET_CHAIN_HASH}/public/latest`);
    // Nothing newer: later passes submit nothing.
    expect(await node.drand!.lastPass).toBe(0);
  });
});

describe('dev beacon and the --drand flag', () => {
  it('rounds follow quicknet\'s clock: round 1 at genesis 1692803367, one more every 3 s', () => {
    expect(roundAt(1_692_803_367_000)).toBe(1n);
    expect(roundAt(1_692_803_369_999)).toBe(1n);
    expect(roundAt(1_692_803_370_000)).toBe(2n);
    expect(roundAt(1_692_803_366_000)).toBe(0n);
  });

  it('the dev public key is G2.BASE × the dev secret, the secret being sha256("subtensor-ts dev drand beacon") mod r', () => {
    const secret = BigInt('0x' + Buffer.from(sha256(new TextEncoder().encode('subtensor-ts dev drand beacon'))).toString('hex')) % bls12_381.fields.Fr.ORDER;
    expect(secret).toBe(DEV_BEACON_SECRET);
    expect(toHex(bls12_381.G2.Point.BASE.multiply(secret).toBytes(true))).toBe(toHex(DEV_BEACON_PUBLIC_KEY));
  });

  it('dev pulses verify under the dev public key only; randomness is sha256(signature)', () => {
    const p = devPulse(1234n);
    const sig = decodeG1(p.signature)!;
    expect(verifyRoundSignature(decodeG2(DEV_BEACON_PUBLIC_KEY)!, sig, 1234n)).toBe(true);
    expect(verifyRoundSignature(decodeG2(fromHex(Q.info.public_key))!, sig, 1234n)).toBe(false);
    expect(verifyRoundSignature(decodeG2(DEV_BEACON_PUBLIC_KEY)!, sig, 1235n)).toBe(false);
    expect(toHex(p.randomness)).toBe(toHex(sha256(p.signature)));
  });

  it('parses off, dev, quicknet (HEAD\'s five endpoints) and URL lists; rejects anything else', () => {
    expect(parseDrandMode('off')).toEqual({ kind: 'off' });
    expect(parseDrandMode('dev')).toEqual({ kind: 'dev' });
    expect(parseDrandMode('quicknet')).toEqual({ kind: 'http', endpoints: [
      'https://api.drand.sh', 'https://api2.drand.sh', 'https://api3.drand.sh', 'https://drand.cloudflare.com', 'https://api.drand.secureweb3.com:6875'] });
    expect(parseDrandMode('http://a:1/, https://b')).toEqual({ kind: 'http', endpoints: ['http://a:1', 'https://b'] });
    expect(() => parseDrandMode('devnet')).toThrow(/--drand/);
  });
});
