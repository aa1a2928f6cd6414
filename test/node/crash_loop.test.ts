// Durable finality under SIGKILL: the CLI on a persistent --db, streaming signed transfers, killed at seeded random
// moments and restarted (test/helpers/crash_loop.ts). No block announced finalized may be lost or replaced;
// balances add up to the total issuance and nonces match the included transactions. bench/crash_soak.ts runs the
// same loop for 200 cycles.
import { describe, expect, it } from 'vitest';
import { buildCliBundle, runCrashLoop } from '../helpers/crash_loop.ts';

describe('crash loop (SIGKILL during transfer streams, restart on the same --db)', () => {
  it('loses no finalized block; Σ free+reserved == TotalIssuance; nonces == included transactions', async () => {
    const entry = buildCliBundle('crash-loop-test');
    const r = await runCrashLoop({ cycles: 12, seed: 15, entry, killAfterMs: [0, 300], extraArgs: ['--validation-workers', '0'], log: l => console.log(l) });
    expect(r.lostFinalized).toEqual([]);
    // The loop must have exercised something: finalized blocks announced before kills and checked afterwards.
    expect(r.checkedFinalized).toBeGreaterThan(12);
    expect(r.transfersIncluded).toBeGreaterThan(0);
    expect(r.accountsTotal).toBe(r.issuance);
    expect(r.nonceMismatches).toEqual([]);
  }, 240_000);
});
