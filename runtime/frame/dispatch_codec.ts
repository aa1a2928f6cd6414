// SCALE codecs of sp_runtime::DispatchError and DispatchResult, for events that carry a dispatch outcome
// (System.ExtrinsicFailed, Sudo.Sudid, SubtensorModule.Sudid / BatchWeightItemFailed, Utility.ItemFailed).
// Variant order is sp_runtime's (checked against the real spec-343 metadata).
import * as t from '../codec/types.ts';

export const ModuleErrorCodec = t.struct(['sp_runtime', 'ModuleError'], { index: t.u8, error: t.fixedBytes(4) },
  { typeNames: { index: 'u8', error: '[u8; MAX_MODULE_ERROR_ENCODED_SIZE]' } });

const unitEnum = (path: string[], names: string[]) => t.enumOf(path, Object.fromEntries(names.map(n => [n, null])));

export const TokenErrorCodec = unitEnum(['sp_runtime', 'TokenError'], ['FundsUnavailable', 'OnlyProvider', 'BelowMinimum',
  'CannotCreate', 'UnknownAsset', 'Frozen', 'Unsupported', 'CannotCreateHold', 'NotExpendable', 'Blocked']);
export const ArithmeticErrorCodec = unitEnum(['sp_arithmetic', 'ArithmeticError'], ['Underflow', 'Overflow', 'DivisionByZero']);
export const TransactionalErrorCodec = unitEnum(['sp_runtime', 'TransactionalError'], ['LimitReached', 'NoLayer']);
export const TrieErrorCodec = unitEnum(['sp_runtime', 'proving_trie', 'TrieError'], ['InvalidStateRoot', 'IncompleteDatabase',
  'ValueAtIncompleteKey', 'DecoderError', 'InvalidHash', 'DuplicateKey', 'ExtraneousNode', 'ExtraneousValue',
  'ExtraneousHashReference', 'InvalidChildReference', 'ValueMismatch', 'IncompleteProof', 'RootMismatch', 'DecodeError']);

/** Encodes the `value` of a thrown frame/dispatch.ts DispatchError. */
export const DispatchErrorCodec = t.enumOf(['sp_runtime', 'DispatchError'], {
  Other: null,
  CannotLookup: null,
  BadOrigin: null,
  Module: { fields: ModuleErrorCodec, typeNames: ['ModuleError'] },
  ConsumerRemaining: null,
  NoProviders: null,
  TooManyConsumers: null,
  Token: { fields: TokenErrorCodec, typeNames: ['TokenError'] },
  Arithmetic: { fields: ArithmeticErrorCodec, typeNames: ['ArithmeticError'] },
  Transactional: { fields: TransactionalErrorCodec, typeNames: ['TransactionalError'] },
  Exhausted: null,
  Corruption: null,
  Unavailable: null,
  RootNotAllowed: null,
  Trie: { fields: TrieErrorCodec, typeNames: ['TrieError'] },
});

/** DispatchResult = Result<(), DispatchError>: `{ ok: [] }` or `{ err: DispatchError value }`. */
export const DispatchResultCodec = t.result(t.unit, DispatchErrorCodec);
