// The staking and coinbase storage items match the real metadata blob: hashers, query kind and default bytes
// (items HEAD added after spec 343 — LastEpochBlock, PendingEpochAt, SubnetEpochIndex, MaxEpochsPerBlock,
// SubnetProtocolAlpha, TaoDividendsPerSubnet — are checked against the spec instead).
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { TypeRegistry, Metadata } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import '../../runtime/pallets/subtensor/index.ts';
import { stakingStorage } from '../../runtime/pallets/subtensor/staking/storage.ts';
import { coinbaseStorage } from '../../runtime/pallets/subtensor/coinbase/storage.ts';
import { configureRuntime } from '../../runtime/config.ts';
import { REAL_METADATA_V15_PATH } from '../fixtures/paths.ts';

const hex = readFileSync(REAL_METADATA_V15_PATH, 'utf8').trim();

describe('staking/coinbase storage vs the metadata blob', () => {
  it('hashers, modifier and default bytes agree for every item the blob has', () => {
    const registry = new TypeRegistry();
    const md = new Metadata(registry, `0x${hex.slice(12)}` as `0x${string}`);
    registry.setMetadata(md);
    const items = new Map(md.asLatest.pallets.find(p => p.name.toString() === 'SubtensorModule')!.storage.unwrap().items
      .map(i => [i.name.toString(), i]));
    const ours = { ...stakingStorage, ...coinbaseStorage } as Record<string, any>;
    configureRuntime({ fastRuntime: false }); // the blob is finney's (production defaults)
    let compared = 0;
    try {
      for (const [name, entry] of Object.entries(ours)) {
        const real = items.get(name);
        if (!real) continue;
        const m = entry.meta();
        expect(m.modifier, name).toBe(real.modifier.toString());
        const hashers = real.type.isMap ? real.type.asMap.hashers.map(h => h.toString()) : [];
        expect(m.hashers, name).toEqual(hashers);
        expect(u8aToHex(m.defaultBytes), name).toBe(real.fallback.toHex());
        compared++;
      }
    } finally {
      configureRuntime({ fastRuntime: true });
    }
    expect(compared).toBeGreaterThanOrEqual(35);
  });

  it('HEAD-only items: defaults from the spec (§3.1, §3.2)', () => {
    configureRuntime({ fastRuntime: false });
    expect(coinbaseStorage.MaxEpochsPerBlock.meta().defaultBytes).toEqual(new Uint8Array([2]));
    configureRuntime({ fastRuntime: true });
    expect(coinbaseStorage.MaxEpochsPerBlock.meta().defaultBytes).toEqual(new Uint8Array([32]));
    for (const n of ['LastEpochBlock', 'PendingEpochAt', 'SubnetEpochIndex'] as const) {
      expect(coinbaseStorage[n].meta().hashers).toEqual(['Identity']);
      expect(coinbaseStorage[n].meta().defaultBytes).toEqual(new Uint8Array(8));
    }
  });
});
