// Epoch entry point for the pallet: the AssemblyScript/WASM epoch (build/epoch.wasm) by default,
// the TypeScript reference (`runEpochReference`, bit-identical oracle) when the wasm file is missing,
// when asked with { impl: 'ts' }, when SUBTENSOR_EPOCH_IMPL=ts is set, and for inputs outside the
// WASM module's assumptions (a weights/bonds row not strictly ascending by column; total stake of
// 2^63 rao or more, where subtensor saturates each stake and wraps their sum), which the reference
// handles exactly like subtensor. Malformed input is refused first, identically for both paths
// (EpochInputError, validate.ts).

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EpochInput, EpochOutput } from './types.ts';
import { runEpochReference } from './run_epoch.ts';
import { type EpochWasm, loadEpochWasm } from './wasm.ts';
import { type EpochInputFlat, type EpochOutputCsr, type EpochOutputFlat, csrFromRows, fromFlatInput, fromFlatOutputCsr, toFlatOutput } from './flat.ts';
import { validateEpochInput, validateEpochInputFlat, stakeMayOverflow } from './validate.ts';

export type EpochImpl = 'wasm' | 'ts';
export type { EpochInput, EpochOutput } from './types.ts';
export { runEpochReference } from './run_epoch.ts';
export type { CsrU16, EpochInputFlat, EpochOutputCsr, EpochOutputFlat } from './flat.ts';
export { EpochInputError, validateEpochInput, validateEpochInputFlat } from './validate.ts';
export { NO_COMMIT, csrFromRows, rowsFromCsr, toFlatInput, fromFlatInput, toFlatOutput, fromFlatOutput } from './flat.ts';

/** Repository root: this file lives in runtime/pallets/subtensor/epoch/. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const EPOCH_WASM_PATH = path.join(repoRoot, 'build', 'epoch.wasm');

let loaded: EpochWasm | null | undefined;

/** The instantiated module (loaded synchronously once), or null when build/epoch.wasm is absent. */
export function epochWasm(): EpochWasm | null {
  if (loaded === undefined) loaded = loadEpochWasm(EPOCH_WASM_PATH);
  return loaded;
}

/** Which implementation `runEpoch(input)` uses by default. */
export function epochImpl(): EpochImpl {
  if (process.env.SUBTENSOR_EPOCH_IMPL === 'ts') return 'ts';
  return epochWasm() ? 'wasm' : 'ts';
}

export interface EpochRunOptions {
  impl?: EpochImpl;
  /** The caller built the input itself and vouches for its shape (the pallet, from storage padded to n): the
   *  checks, which cost about as much as a dense epoch, are skipped. */
  trusted?: boolean;
}

export function runEpoch(input: EpochInput, opts?: EpochRunOptions): EpochOutput {
  if (!opts?.trusted) validateEpochInput(input);
  const impl = opts?.impl ?? epochImpl();
  if (impl === 'ts') return runEpochReference(input);
  const wasm = epochWasm();
  if (!wasm) {
    if (opts?.impl === 'wasm') throw new Error(`runEpoch: ${EPOCH_WASM_PATH} is missing (npm run build:wasm)`);
    return runEpochReference(input);
  }
  if (stakeMayOverflow(input.alphaStake, input.rootStake, input.n)) return runEpochReference(input);
  // Rows not strictly ascending by column (set_weights stores the caller's uid order): the
  // reference reproduces subtensor's order-dependent handling; WASM assumes sorted rows.
  return wasm.run(input) ?? runEpochReference(input);
}

/**
 * The epoch on the typed-array contract (flat.ts): per-uid vectors as typed arrays, weights/bonds as
 * CSR (rowPtr Uint32Array, cols/vals Uint16Array), outputs as fresh typed arrays. Same results as
 * `runEpoch` bit for bit, without building or reading one JS object per matrix cell. Rows whose
 * columns are not strictly ascending, total stake of 2^63 rao or more (and { impl: 'ts' }, or no wasm
 * file) go through the reference on converted data; malformed input is an EpochInputError (a RangeError).
 */
export function runEpochFlat(input: EpochInputFlat, opts?: EpochRunOptions): EpochOutputFlat {
  if (!opts?.trusted) validateEpochInputFlat(input);
  const impl = opts?.impl ?? epochImpl();
  const wasm = impl === 'wasm' ? epochWasm() : null;
  if (impl === 'wasm' && !wasm && opts?.impl === 'wasm') throw new Error(`runEpochFlat: ${EPOCH_WASM_PATH} is missing (npm run build:wasm)`);
  if (wasm && stakeMayOverflow(input.alphaStake, input.rootStake, input.n)) return toFlatOutput(runEpochReference(fromFlatInput(input)));
  return wasm?.runFlat(input) ?? toFlatOutput(runEpochReference(fromFlatInput(input)));
}

/**
 * `runEpoch`'s input contract with the bonds to store returned as CSR (EpochOutputCsr): the pallet's
 * per-block path, which persists the bonds row by row and builds a row's [col, value] pairs only when
 * it writes that row. Same results as `runEpoch` bit for bit; same fallbacks to the reference.
 */
export function runEpochCsr(input: EpochInput, opts?: EpochRunOptions): EpochOutputCsr {
  if (!opts?.trusted) validateEpochInput(input);
  const impl = opts?.impl ?? epochImpl();
  const wasm = impl === 'wasm' ? epochWasm() : null;
  if (impl === 'wasm' && !wasm && opts?.impl === 'wasm') throw new Error(`runEpochCsr: ${EPOCH_WASM_PATH} is missing (npm run build:wasm)`);
  const flat = wasm && !stakeMayOverflow(input.alphaStake, input.rootStake, input.n) ? wasm.runToFlat(input) : null;
  if (flat !== null) return fromFlatOutputCsr(flat);
  const out = runEpochReference(input);
  return { ...out, bonds: csrFromRows(out.bonds, input.n) };
}
