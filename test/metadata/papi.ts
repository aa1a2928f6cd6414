// polkadot-api's own metadata codecs: the package's nested @polkadot-api/substrate-bindings (0.20.x) — the
// top-level hoisted copy is an older version that polkadot-api does not use.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

async function importFromPolkadotApi(pkg: string): Promise<any> {
  const papiEntry = require.resolve('polkadot-api');
  const nested = createRequire(papiEntry).resolve(pkg);
  return import(pathToFileURL(nested).href);
}

export const papiBindings = (): Promise<any> => importFromPolkadotApi('@polkadot-api/substrate-bindings');
export const papiBuilders = (): Promise<any> => importFromPolkadotApi('@polkadot-api/metadata-builders');

/** polkadot-api's dynamic builder over metadata bytes (what its typed API uses for storage keys, calls, events). */
export async function papiDynamicBuilder(metadataBytes: Uint8Array): Promise<any> {
  const [bindings, builders] = await Promise.all([papiBindings(), papiBuilders()]);
  const unified = bindings.unifyMetadata(bindings.decAnyMetadata(metadataBytes));
  return builders.getDynamicBuilder(builders.getLookupFn(unified));
}
