// Key association (HEAD utils/evm.rs, staking/account.rs, guards/check_evm_key_association.rs): `try_associate_hotkey`
// (91) records a coldkey as the owner of an unowned hotkey; `associate_evm_key` (93) lets a registered hotkey prove it
// controls an Ethereum address — the address's key signs, EIP-191 style, keccak_256(hotkey ++ keccak_256(block
// number as u64 LE)) — and stores (address, block) in AssociatedEvmAddress, at most once per EvmKeyAssociateRateLimit
// blocks per uid. CheckEvmKeyAssociation runs the uid and rate-limit checks in the pool and again at dispatch.
import * as t from '../../../codec/types.ts';
import { call, type CallDecl } from '../../../frame/pallet.ts';
import { DispatchError, ensureSigned, type Origin } from '../../../frame/dispatch.ts';
import { AccountId32, NetUid, H160, EcdsaSignature, type AccountId } from '../../../primitives.ts';
import { registerSubtensorTxCheck, invalidCustom } from '../../../extrinsic/extensions.ts';
import { registerDispatchGuard } from '../../../extrinsic/call.ts';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { runtimeConfig } from '../../../config.ts';
import { subnetStorage as S } from './storage.ts';
import { ensure, err, emit, eqBytes, currentBlock, hotkeyExists, createAccountIfNonExistent } from './helpers.ts';
import { CUSTOM_CODE } from './tx_extension.ts';

/** EVM_KEY_ASSOCIATE_RATELIMIT = prod_or_fast!(7200, 1) blocks. */
export const evmKeyAssociateRateLimit = (): bigint => (runtimeConfig.fastRuntime ? 1n : 7_200n);

/** hash_message_eip191: keccak_256("\x19Ethereum Signed Message:\n" ++ len as decimal ++ message). */
export function hashMessageEip191(message: Uint8Array): Uint8Array {
  const prefix = new TextEncoder().encode(`\x19Ethereum Signed Message:\n${message.length}`);
  const all = new Uint8Array(prefix.length + message.length);
  all.set(prefix);
  all.set(message, prefix.length);
  return keccak_256(all);
}

/** The message an EVM key signs to be associated with `hotkey`: hotkey ++ keccak_256(block_number as u64 LE). */
export function evmAssociationMessage(hotkey: AccountId, blockNumber: bigint): Uint8Array {
  const out = new Uint8Array(64);
  out.set(hotkey);
  out.set(keccak_256(t.encode(t.u64, blockNumber)), 32);
  return out;
}

/** ecdsa::Signature::recover_prehashed (v normalised from 27/28 first), then the address keccak_256(pubkey)[12..]. */
function recoverEvmAddress(signature: Uint8Array, prehash: Uint8Array): Uint8Array | null {
  let v = signature[64];
  if (v >= 27) v -= 27;
  if (v > 3) return null;
  try {
    const sig = secp256k1.Signature.fromBytes(signature.slice(0, 64), 'compact').addRecoveryBit(v);
    const uncompressed = sig.recoverPublicKey(prehash).toBytes(false);
    return keccak_256(uncompressed.slice(1)).slice(12);
  } catch {
    return null;
  }
}

function uidForNetAndHotkey(netuid: number, hotkey: AccountId): number {
  const uid = S.Uids.get(netuid, hotkey);
  if (uid === null) throw err('HotKeyNotRegisteredInSubNet');
  return uid;
}

function ensureEvmKeyAssociateRateLimit(netuid: number, uid: number): void {
  const last = S.AssociatedEvmAddress.get(netuid, uid)?.[1] ?? 0n;
  const now = currentBlock();
  if ((now > last ? now - last : 0n) < evmKeyAssociateRateLimit()) throw err('EvmKeyAssociateRateLimitExceeded');
}

/** do_associate_evm_key. */
export function doAssociateEvmKey(origin: Origin, netuid: number, evmKey: Uint8Array, blockNumber: bigint, signature: Uint8Array): void {
  const hotkey = ensureSigned(origin);
  ensure(hotkeyExists(hotkey), 'NonAssociatedColdKey');
  const uid = uidForNetAndHotkey(netuid, hotkey);
  ensureEvmKeyAssociateRateLimit(netuid, uid);
  const prehash = hashMessageEip191(evmAssociationMessage(hotkey, blockNumber));
  const recovered = recoverEvmAddress(signature, prehash);
  if (!recovered) throw err('InvalidIdentity');
  ensure(eqBytes(recovered, evmKey), 'InvalidRecoveredPublicKey');
  const now = currentBlock();
  S.AssociatedEvmAddress.set(netuid, uid, [evmKey, now]);
  emit('EvmKeyAssociated', { netuid, hotkey, evm_key: evmKey, block_associated: now });
}

/** CheckEvmKeyAssociation::check: the hotkey has a uid on the subnet and is past the rate limit. */
function checkEvmKeyAssociation(who: AccountId, c: t.EnumValue): 'HotKeyNotRegisteredInSubNet' | 'EvmKeyAssociateRateLimitExceeded' | null {
  if (c.type !== 'SubtensorModule' || (c.value as t.EnumValue).type !== 'associate_evm_key') return null;
  const netuid: number = (c.value as t.EnumValue).value.netuid;
  const uid = S.Uids.get(netuid, who);
  if (uid === null) return 'HotKeyNotRegisteredInSubNet';
  try {
    ensureEvmKeyAssociateRateLimit(netuid, uid);
  } catch (e) {
    if (e instanceof DispatchError) return 'EvmKeyAssociateRateLimitExceeded';
    throw e;
  }
  return null;
}

registerSubtensorTxCheck((who, c) => {
  const block = checkEvmKeyAssociation(who, c);
  if (block) throw invalidCustom(block === 'HotKeyNotRegisteredInSubNet' ? CUSTOM_CODE.UidNotFound : CUSTOM_CODE.EvmKeyAssociateRateLimitExceeded);
});
registerDispatchGuard((origin, c) => {
  const block = checkEvmKeyAssociation(origin.who, c);
  if (block) throw err(block);
});

export const evmCalls: Record<string, CallDecl<any>> = {
  try_associate_hotkey: call<{ hotkey: AccountId }>({
    index: 91, args: { hotkey: AccountId32 }, typeNames: { hotkey: 'T::AccountId' },
    docs: [' Attempts to associate a hotkey with a coldkey.'],
    fn(origin, { hotkey }) { createAccountIfNonExistent(ensureSigned(origin), hotkey); },
  }),
  associate_evm_key: call<{ netuid: number; evm_key: Uint8Array; block_number: bigint; signature: Uint8Array }>({
    index: 93, args: { netuid: NetUid, evm_key: H160, block_number: t.u64, signature: EcdsaSignature },
    typeNames: { netuid: 'NetUid', evm_key: 'H160', block_number: 'u64', signature: 'Signature' },
    docs: [
      ' Attempts to associate a hotkey with an EVM key.', '',
      ' The signature will be checked to see if the recovered public key matches the `evm_key` provided.',
    ],
    fn: (origin, a) => doAssociateEvmKey(origin, a.netuid, a.evm_key, a.block_number, a.signature),
  }),
};
