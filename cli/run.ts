// Entry of the client commands when started directly: `npx tsx cli/run.ts subnets list` (bin/subtensor-ts.js
// routes here for client command names).
import { runClient } from './main.ts';

process.exitCode = await runClient(process.argv);
