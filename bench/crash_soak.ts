// Crash soak: test/helpers/crash_loop.ts for 200 cycles (the CI test runs 12). `subtensor-ts dev --instant` on a
// persistent --db with one validation worker (the default), signed transfers streamed over a websocket, SIGKILL at a
// seeded random moment 0–500 ms after the first block of each cycle is announced, restart on the same database.
// Flags: --cycles=<n> (default 200), --seed=<n> (default 2026), --write (replace the "## Crash soak" section of
// bench/RESULTS.md), --entry=<cli.mjs> (run the loop against another build of the node, e.g. a bundle built at an
// older commit, to see that the check catches what it is meant to).
import os from 'node:os';
import { buildCliBundle, runCrashLoop } from '../test/helpers/crash_loop.ts';
import { writeResultsSection } from './results_file.ts';

const arg = (name: string, dflt: number) => Number(process.argv.find(a => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const cycles = arg('cycles', 200);
const seed = arg('seed', 2026);
const load0 = os.loadavg()[0];
const started = performance.now();
const entry = process.argv.find(a => a.startsWith('--entry='))?.slice('--entry='.length) ?? buildCliBundle('crash-soak');
const r = await runCrashLoop({ cycles, seed, entry, killAfterMs: [0, 500], log: l => console.log(l) });
const minutes = (performance.now() - started) / 60_000;
const sorted = [...r.restartMs].sort((a, b) => a - b);
const summary = [
  `cycles: ${r.cycles} (seed ${seed}), ${minutes.toFixed(1)} min; final head #${r.finalHead}; ${r.transfersIncluded} transfers included`,
  `finalized heights announced before a kill and checked after the restart: ${r.checkedFinalized}; lost or replaced: ${r.lostFinalized.length}`,
  `Σ free+reserved = ${r.accountsTotal}, TotalIssuance = ${r.issuance} (${r.accountsTotal === r.issuance ? 'equal' : 'DIFFERENT'})`,
  `nonce mismatches: ${r.nonceMismatches.length}`,
  `restart to RPC ready: median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms`,
];
for (const l of summary) console.log(l);
if (r.lostFinalized.length) console.log(JSON.stringify(r.lostFinalized.slice(0, 10)));
if (process.argv.includes('--write')) {
  writeResultsSection('Crash soak', `## Crash soak

Run: \`npm run bench -- crash_soak --write\` (bench/crash_soak.ts over test/helpers/crash_loop.ts), ${new Date().toISOString().slice(0, 10)}. Machine: nproc ${os.availableParallelism()}, Node ${process.version}; load average ${load0.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end (1 min), shared with other jobs.

\`subtensor-ts dev --instant --db <dir>\` in its own process, signed transfers from 6 dev accounts streamed with author_submitAndWatchExtrinsic, SIGKILL at a seeded random moment 0–500 ms after the cycle's first announced block, restart on the same database. After each restart every height a client had heard finalized (chain_subscribeFinalizedHeads, \`finalized\` transaction statuses) must still hold the same hash; at the end Σ free+reserved over System.Account must equal TotalIssuance and each signer's nonce the number of its included extrinsics.

${summary.map(l => `- ${l}`).join('\n')}
`);
}
process.exit(r.lostFinalized.length || r.nonceMismatches.length || r.accountsTotal !== r.issuance ? 1 : 0);
