// The transaction-extension rules subtensor applies to submit_encrypted, run by the extension pipeline
// (extrinsic/extensions.ts) at pool validation and again when the block applies the wrapper:
//   - CheckMortality (runtime/src/check_mortality.rs): an immortal era or a period above 8 blocks is Stale, so a
//     wrapper nobody can decrypt leaves the pool within a few blocks;
//   - CheckShieldedTxValidity (pallets/shield/src/extension.rs): a ciphertext that does not parse is
//     Custom(FailedShieldedTxParsing). Whether its key hash names the right key is the block author's concern.
import type { EnumValue } from '../../codec/types.ts';
import type { EraValue } from '../../extrinsic/era.ts';
import { TransactionValidityFailure } from '../system/types.ts';
import { parseShieldedTransaction } from './shielded_tx.ts';

/** CustomTransactionError::FailedShieldedTxParsing (subtensor_runtime_common; the full table is CUSTOM_CODE in
 *  subtensor/subnets/tx_extension.ts, which imports the extension pipeline this module is part of). */
const FAILED_SHIELDED_TX_PARSING = 23;

/** MAX_SHIELD_ERA_PERIOD */
export const MAX_SHIELD_ERA_PERIOD = 8n;

/** The ciphertext of a direct MevShield.submit_encrypted call (IsSubType: not one nested in a batch or sudo). */
export function submitEncryptedCiphertext(call: EnumValue): Uint8Array | null {
  if (call.type !== 'MevShield') return null;
  const inner = call.value as EnumValue;
  return inner.type === 'submit_encrypted' ? (inner.value as { ciphertext: Uint8Array }).ciphertext : null;
}

/** CheckMortality's extra rule for shielded wrappers. */
export function checkShieldMortality(call: EnumValue, era: EraValue): void {
  if (submitEncryptedCiphertext(call) === null) return;
  if (era === null || era.period > MAX_SHIELD_ERA_PERIOD) throw TransactionValidityFailure.invalid('Stale');
}

/** CheckShieldedTxValidity::validate for a signed transaction. */
export function checkShieldedTxValidity(call: EnumValue): void {
  const ciphertext = submitEncryptedCiphertext(call);
  if (ciphertext !== null && parseShieldedTransaction(ciphertext) === null) {
    throw TransactionValidityFailure.invalid('Custom', FAILED_SHIELDED_TX_PARSING);
  }
}
