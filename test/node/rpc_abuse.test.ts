// Property-based RPC abuse (issue 15): every method rpc_methods lists (dev_* included) called with arbitrary JSON
// params — wrong types, huge and fractional numbers, long strings, odd hex, nested objects — must answer within a
// deadline with a valid JSON-RPC response (a result, or an error with an integer code), and the node must still
// answer system_health and build a block afterwards. Bounded: a fixed seed, a run count and a time limit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useNode } from './helpers.ts';

const DEADLINE_MS = 15_000;

const hexish = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map(b => '0x' + Buffer.from(b).toString('hex')),
  fc.string({ maxLength: 40 }).map(s => '0x' + s),
  fc.constantFrom('0x', '0x0', '0xzz', '', '0x' + 'ff'.repeat(32), '0x' + '00'.repeat(33)),
);
const numberish = fc.oneof(
  fc.integer(), fc.double({ noNaN: true }), fc.constantFrom(-1, 1.5, 2 ** 32, 2 ** 53, 1e30, -1e30, 0, 65535, 65536),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
);
const longString = fc.constantFrom(10_000, 100_000).chain(n => fc.constantFrom('x', '5', '0', 'f').map(c => c.repeat(n)));
const param: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 3, arbitrary: hexish },
  { weight: 2, arbitrary: numberish },
  { weight: 1, arbitrary: longString },
  { weight: 1, arbitrary: fc.constantFrom('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY', 'instant', 'Manual', 'Instant', '2030-01-01') },
  { weight: 1, arbitrary: fc.record({ count: numberish, to: fc.option(numberish), transactions: fc.option(fc.array(hexish, { maxLength: 2 })) }, { requiredKeys: [] }) },
);
const params = fc.oneof(fc.array(param, { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 8 }), param, { maxKeys: 3 }), fc.constant(null));

describe('RPC abuse (fast-check)', () => {
  const f = useNode();

  const isValidResponse = (r: any, id: unknown) => r && r.jsonrpc === '2.0' && r.id === id
    && (('result' in r && !('error' in r)) || (Number.isInteger(r.error?.code) && typeof r.error?.message === 'string'));

  async function callWithin(method: string, p: unknown): Promise<any> {
    let timer: NodeJS.Timeout;
    const deadline = new Promise<never>((_, rej) => { timer = setTimeout(() => rej(new Error(`${method} gave no answer within ${DEADLINE_MS} ms`)), DEADLINE_MS); });
    try {
      return await Promise.race([f.ws.request(method, p as unknown[]), deadline]);
    } finally { clearTimeout(timer!); }
  }

  it('every listed method answers arbitrary params with a result or a JSON-RPC error, promptly; the node stays up', async () => {
    const { methods } = await f.ws.call('rpc_methods') as { methods: string[] };
    expect(methods.filter(m => m.startsWith('dev_')).length).toBeGreaterThanOrEqual(7);
    // Each method at least once with junk, then random (method, params) pairs.
    for (const m of methods) {
      const r = await callWithin(m, ['0xzz', { a: [1e30] }, 'x'.repeat(50_000)]);
      expect(isValidResponse(r, r.id), `${m}: ${JSON.stringify(r).slice(0, 200)}`).toBe(true);
    }
    await fc.assert(fc.asyncProperty(fc.constantFrom(...methods), params, async (m, p) => {
      const r = await callWithin(m, p);
      if (!isValidResponse(r, r.id)) throw new Error(`${m}(${JSON.stringify(p).slice(0, 200)}) → ${JSON.stringify(r).slice(0, 200)}`);
      // The internal-error code is for the runtime failing, not for bad input reaching a parser.
      if (r.error?.code === -32603 && /call stack|Cannot read|undefined/.test(r.error.message)) {
        throw new Error(`${m}(${JSON.stringify(p).slice(0, 200)}) crashed a handler: ${r.error.message}`);
      }
    }), { seed: 15, numRuns: 600, interruptAfterTimeLimit: 60_000 });

    expect((await callWithin('system_health', [])).result.peers).toBe(0);
    await f.ws.call('dev_setBlockBuildMode', ['Manual']);
    const before = f.node.chain.head.number;
    const r = await callWithin('dev_newBlock', [{ count: 1 }]);
    expect(r.result === f.node.chain.head.hash || r.error?.code === -32603).toBe(true);
    expect(f.node.chain.head.number).toBeGreaterThanOrEqual(before);
  }, 180_000);
});
