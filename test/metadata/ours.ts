// Our node's metadata, obtained the way a client obtains it: the runtime's `Metadata_metadata_at_version` API.
// Until runtime/index.ts exists (or if it does not serve the Metadata API), fall back to composing whichever of
// the interface's pallets exist and building the metadata directly, so the diff stays usable during development.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as t from '../../runtime/codec/types.ts';
import { MemoryState, OverlayState } from '../../runtime/frame/state.ts';
import { REPO_ROOT } from './diff.ts';

/** Pallets of runtime/runtime.ts in index order (interfaces.md), as [module, export]. */
const PALLET_MODULES: [string, string][] = [
  ['runtime/pallets/system/index.ts', 'System'],
  ['runtime/pallets/timestamp/index.ts', 'Timestamp'],
  ['runtime/pallets/aura/index.ts', 'Aura'],
  ['runtime/pallets/grandpa/index.ts', 'Grandpa'],
  ['runtime/pallets/balances/index.ts', 'Balances'],
  ['runtime/pallets/transaction_payment/index.ts', 'TransactionPayment'],
  ['runtime/pallets/subtensor/index.ts', 'SubtensorModule'],
  ['runtime/pallets/utility/index.ts', 'Utility'],
  ['runtime/pallets/sudo/index.ts', 'Sudo'],
  ['runtime/pallets/commitments/index.ts', 'Commitments'],
  ['runtime/pallets/admin_utils/index.ts', 'AdminUtils'],
];

const importRepo = (rel: string) => import(pathToFileURL(path.join(REPO_ROOT, rel)).href);

export interface OurMetadata { bytes: Uint8Array; source: string }

/** Metadata bytes from the real runtime (runtime/index.ts createRuntime → Metadata_metadata_at_version). */
export async function metadataFromRuntime(version: 14 | 15): Promise<Uint8Array> {
  const mod = await importRepo('runtime/index.ts');
  const runtime = mod.createRuntime();
  const out = runtime.call('Metadata_metadata_at_version', t.encode(t.u32, version), new OverlayState(new MemoryState()));
  const bytes = t.decode(t.option(t.bytes), out);
  if (!bytes) throw new Error(`runtime does not serve metadata V${version}`);
  return bytes;
}

export async function loadOurMetadata(version: 14 | 15): Promise<OurMetadata> {
  let why = 'runtime/index.ts does not exist yet';
  if (existsSync(path.join(REPO_ROOT, 'runtime/index.ts'))) {
    try {
      return { bytes: await metadataFromRuntime(version), source: 'runtime/index.ts createRuntime() → Metadata_metadata_at_version' };
    } catch (e) {
      why = `runtime/index.ts failed: ${(e as Error).message}`;
    }
  }
  const { constructRuntime } = await import('../../runtime/frame/construct.ts');
  const { buildMetadata } = await import('../../runtime/frame/metadata.ts');
  const pallets: any[] = [];
  const missing: string[] = [];
  for (const [file, name] of PALLET_MODULES) {
    if (!existsSync(path.join(REPO_ROOT, file))) { missing.push(name); continue; }
    try {
      const p = (await importRepo(file))[name];
      if (p) pallets.push(p); else missing.push(name);
    } catch (e) {
      missing.push(`${name} (${(e as Error).message.split('\n')[0]})`);
    }
  }
  let extensions: any[] = [];
  try { extensions = (await importRepo('runtime/extrinsic/extensions.ts')).SIGNED_EXTENSIONS ?? []; } catch { /* none yet */ }
  const runtime = constructRuntime(pallets);
  const bytes = buildMetadata({ runtime, apis: [], extensions, version });
  return { bytes, source: `fallback composition (${why}); pallets missing: ${missing.join(', ') || 'none'}; no runtime APIs` };
}
