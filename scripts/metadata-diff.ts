// Prints the full diff of our metadata (V15) against the real spec-343 subtensor metadata blob.
//   npx tsx scripts/metadata-diff.ts            full report
//   npx tsx scripts/metadata-diff.ts --failures only the contradictions
// Exit code 1 when there are failures (items we declare that contradict the real metadata).
import { diffMetadata, formatDiff, readRealMetadata, REAL_BLOB_PATH } from '../test/metadata/diff.ts';
import { loadOurMetadata } from '../test/metadata/ours.ts';

const onlyFailures = process.argv.includes('--failures');
const ours = await loadOurMetadata(15);
const d = await diffMetadata(ours.bytes, readRealMetadata());
console.log(`ours: ${ours.source} (${ours.bytes.length} bytes)`);
console.log(`real: ${REAL_BLOB_PATH}\n`);
console.log(onlyFailures ? formatDiff({ failures: d.failures, shapes: [], notes: [] }).split('\n\nTYPE SHAPES')[0] : formatDiff(d));
process.exitCode = d.failures.length > 0 ? 1 : 0;
