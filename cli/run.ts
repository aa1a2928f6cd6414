// Entry of the client commands when started directly: `npx tsx cli/run.ts subnets list` (bin/subtensor-ts.js
// routes here for client command names).
import { runClient } from './main.ts';

const code = await runClient(process.argv);
// Exit as soon as the command is done: @polkadot/api keeps its shared subscriptions alive for 1.75 s after
// disconnect (rxjs refCount delay), which would hold every command's exit back by that much.
process.exit(code);
