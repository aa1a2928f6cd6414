// GenesisBuilder: named genesis presets as JSON, and building the genesis state into the given overlay.
import * as t from '../codec/types.ts';
import { defineRuntimeApi } from '../frame/runtime_api.ts';
import { toHex } from '../codec/scale.ts';
import { state } from '../frame/externalities.ts';
import { composed } from '../frame/construct.ts';
import { localnetGenesisConfig, buildGenesisState } from '../genesis.ts';

const PRESETS = ['development', 'local_testnet'];

function presetJson(): Uint8Array {
  const c = localnetGenesisConfig();
  const json = {
    balances: { balances: c.balances.map(([who, amount]) => [toHex(who), Number(amount)]) },
    sudo: { key: c.sudoKey ? toHex(c.sudoKey) : null },
    aura: { authorities: c.auraAuthorities.map(toHex) },
    grandpa: { authorities: c.grandpaAuthorities.map(k => [toHex(k), 1]) },
  };
  return new TextEncoder().encode(JSON.stringify(json));
}

export const GenesisBuilderApi = defineRuntimeApi({
  name: 'GenesisBuilder',
  version: 1,
  docs: [' API to interact with `RuntimeGenesisConfig` for the runtime'],
  methods: [
    {
      name: 'build_state', inputs: [{ name: 'json', type: t.bytes }], output: t.result(t.unit, t.str),
      docs: [' Build `RuntimeGenesisConfig` from a JSON blob not using any defaults and store it in the storage.'],
      // The JSON patch is not interpreted: the localnet genesis is written into the given state.
      impl: () => {
        const st = state();
        for (const [k, v] of buildGenesisState(composed()).entries()) st.set(k, v);
        return { ok: [] };
      },
    },
    {
      name: 'get_preset', inputs: [{ name: 'id', type: t.option(t.str) }], output: t.option(t.bytes),
      docs: [' Returns a JSON blob representation of the built-in `RuntimeGenesisConfig` identified by `id`.'],
      impl: (id: string | null) => (id === null || PRESETS.includes(id) ? presetJson() : null),
    },
    {
      name: 'preset_names', inputs: [], output: t.vec(t.str),
      docs: [' Returns a list of identifiers for available builtin `RuntimeGenesisConfig` presets.'],
      impl: () => PRESETS,
    },
  ],
});
