// AuraApi, GrandpaApi and SessionKeys: authority sets for the node's block production and finality.
import * as t from '../codec/types.ts';
import { defineRuntimeApi } from '../frame/runtime_api.ts';
import { Aura, AuraId, slotDuration } from '../pallets/aura/index.ts';
import { Grandpa, GrandpaId, AuthorityList, EquivocationProof } from '../pallets/grandpa/index.ts';
import { SlotDuration, OpaqueValue, KeyTypeId } from './types.ts';

export const AuraApi = defineRuntimeApi({
  name: 'AuraApi',
  version: 1,
  docs: [' API necessary for block authorship with aura.'],
  methods: [
    { name: 'slot_duration', inputs: [], output: SlotDuration, docs: [' Returns the slot duration for Aura.', '', ' Currently, only the value provided by this type at genesis will be used.'], impl: () => slotDuration() },
    { name: 'authorities', inputs: [], output: t.vec(AuraId), docs: [' Return the current set of authorities.'], impl: () => Aura.storage.Authorities.get() },
  ],
});

export const GrandpaApi = defineRuntimeApi({
  name: 'GrandpaApi',
  version: 3,
  docs: [' APIs for integrating the GRANDPA finality gadget into runtimes.'],
  methods: [
    { name: 'grandpa_authorities', inputs: [], output: AuthorityList, docs: [' Get the current GRANDPA authorities and weights.'], impl: () => Grandpa.storage.Authorities.get() },
    {
      name: 'submit_report_equivocation_unsigned_extrinsic',
      inputs: [{ name: 'equivocation_proof', type: EquivocationProof }, { name: 'key_owner_proof', type: OpaqueValue }],
      output: t.option(t.unit), docs: [' Submits an unsigned extrinsic to report an equivocation.'], impl: () => null,
    },
    {
      name: 'generate_key_ownership_proof', inputs: [{ name: 'set_id', type: t.u64 }, { name: 'authority_id', type: GrandpaId }],
      output: t.option(OpaqueValue), docs: [' Generates a proof of key ownership for the given authority in the given set.'], impl: () => null,
    },
    { name: 'current_set_id', inputs: [], output: t.u64, docs: [' Get current GRANDPA authority set id.'], impl: () => Grandpa.storage.CurrentSetId.get() },
  ],
});

const textEncoder = new TextEncoder();

export const SessionKeysApi = defineRuntimeApi({
  name: 'SessionKeys',
  version: 1,
  docs: [' Session keys runtime api.'],
  methods: [
    {
      name: 'generate_session_keys', inputs: [{ name: 'seed', type: t.option(t.bytes) }], output: t.bytes,
      // Key generation needs the node's keystore; the runtime has none, so the node answers author_rotateKeys itself.
      docs: [' Generate a set of session keys with optionally using the given seed.'], impl: () => new Uint8Array(),
    },
    {
      name: 'decode_session_keys', inputs: [{ name: 'encoded', type: t.bytes }], output: t.option(t.vec(t.tuple<[Uint8Array, Uint8Array]>(t.bytes, KeyTypeId))),
      docs: [' Decode the given public session keys.'],
      impl: (encoded: Uint8Array) => encoded.length !== 64 ? null
        : [[encoded.slice(0, 32), textEncoder.encode('aura')], [encoded.slice(32, 64), textEncoder.encode('gran')]],
    },
  ],
});
