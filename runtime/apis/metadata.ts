// The `Metadata` runtime API (version 2): metadata() → V14, metadata_at_version(14|15), metadata_versions().
// The metadata is derived from the composed runtime, its API list and its transaction extensions; the runtime is
// immutable once constructed, so each version is built once and cached.
import * as t from '../codec/types.ts';
import { defineRuntimeApi, type RuntimeApiDecl } from '../frame/runtime_api.ts';
import { buildMetadata, SUPPORTED_METADATA_VERSIONS, type ExtensionMeta } from '../frame/metadata.ts';
import type { ComposedRuntime } from '../frame/construct.ts';
import { metadataHash } from '../frame/metadata_hash.ts';
import { runtimeVersion } from '../version.ts';

/** sp_core::OpaqueMetadata: the metadata bytes, SCALE-wrapped as a Vec<u8>. */
export const OpaqueMetadata = t.newtype(['sp_core', 'OpaqueMetadata'], t.bytes, 'Vec<u8>');

export interface MetadataContext {
  runtime: ComposedRuntime;
  /** Every runtime API of the runtime (including the one this module returns). */
  apis: RuntimeApiDecl[];
  extensions: readonly ExtensionMeta[];
}

/** Builds and caches metadata bytes per version for one runtime. */
export class MetadataCache {
  private readonly built = new Map<number, Uint8Array>();
  constructor(private readonly getContext: () => MetadataContext) {}

  /** RuntimeMetadataPrefixed bytes of `version` (14 or 15), or null for unsupported versions. */
  get(version: number): Uint8Array | null {
    if (!(SUPPORTED_METADATA_VERSIONS as readonly number[]).includes(version)) return null;
    let bytes = this.built.get(version);
    if (!bytes) {
      const { runtime, apis, extensions } = this.getContext();
      bytes = buildMetadata({ runtime, apis, extensions, version: version as 14 | 15 });
      this.built.set(version, bytes);
    }
    return bytes;
  }

  private hashOfV15: Uint8Array | null = null;

  /** RFC-78 metadata hash of the V15 metadata with the runtime's version and the given token, computed once. */
  metadataHash(token: { decimals: number; tokenSymbol: string }): Uint8Array {
    if (!this.hashOfV15) {
      const { spec_version, spec_name } = runtimeVersion();
      this.hashOfV15 = metadataHash(this.get(15)!, { specVersion: spec_version, specName: spec_name, ...token });
    }
    return this.hashOfV15;
  }
}

/**
 * The Metadata API. `getContext` is called on first use, so the API can be part of the list it describes:
 *   const apis = [...standard, metadataApi]; const metadataApi = createMetadataApi(() => ({ runtime, apis, extensions }));
 */
export function createMetadataApi(getContext: () => MetadataContext): RuntimeApiDecl & { cache: MetadataCache } {
  const cache = new MetadataCache(getContext);
  const api = defineRuntimeApi({
    name: 'Metadata',
    version: 2,
    docs: [' The `Metadata` api trait that returns metadata for the runtime.'],
    methods: [
      {
        name: 'metadata',
        inputs: [],
        output: OpaqueMetadata,
        docs: [' Returns the metadata of a runtime.'],
        impl: () => cache.get(14)!,
      },
      {
        name: 'metadata_at_version',
        inputs: [{ name: 'version', type: t.u32 }],
        output: t.option(OpaqueMetadata),
        docs: [
          ' Returns the metadata at a given version.',
          '',
          " If the given `version` isn't supported, this will return `None`.",
          ' Use [`Self::metadata_versions`] to find out about supported metadata version of the runtime.',
        ],
        impl: (version: number) => cache.get(version),
      },
      {
        name: 'metadata_versions',
        inputs: [],
        output: t.vec(t.u32),
        docs: [
          ' Returns the supported metadata versions.',
          '',
          ' This can be used to call `metadata_at_version`.',
        ],
        impl: () => [...SUPPORTED_METADATA_VERSIONS],
      },
    ],
  });
  return Object.assign(api, { cache });
}
