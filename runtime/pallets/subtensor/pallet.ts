// SubtensorModule's declared items (HEAD lib.rs declares the pallet's storage, events, errors and Config constants
// before the impls that use them): storage of subnets/, staking/ and coinbase/, bound to the "SubtensorModule"
// prefix here. The call and hook modules import this, never index.ts, which composes the pallet from these items
// and those modules — so imports flow one way.
import { declarePallet } from '../../frame/pallet.ts';
import type { DispatchError } from '../../frame/dispatch.ts';
import { subtensorEvents, type SubtensorEventName } from './events.ts';
import { subtensorErrors, type SubtensorErrorName } from './errors.ts';
import { subtensorConstants } from './constants.ts';
import { subnetStorage } from './subnets/storage.ts';
import { stakingStorage } from './staking/storage.ts';
import { coinbaseStorage } from './coinbase/storage.ts';
import { lockStorage } from './staking/lock_storage.ts';
import { votingPowerStorage } from './utils/voting_power_storage.ts';

export const subtensorItems = declarePallet({
  name: 'SubtensorModule',
  index: 7,
  crate: 'pallet_subtensor',
  storage: {
    ...subnetStorage,
    ...stakingStorage,
    ...coinbaseStorage,
    ...lockStorage,
    ...votingPowerStorage,
  },
  events: subtensorEvents,
  constants: subtensorConstants,
  errors: subtensorErrors,
});

/** The DispatchError of a SubtensorModule error. */
export const subtensorError = (name: SubtensorErrorName): DispatchError => subtensorItems.error(name);

/** Deposits a SubtensorModule event; a single-field tuple event may be given its one value directly. */
export function depositEvent(name: SubtensorEventName, value?: any): void {
  const fields = subtensorEvents[name].fields as unknown;
  const wrap = Array.isArray(fields) && fields.length === 1 && !Array.isArray(value);
  subtensorItems.deposit(name, wrap ? [value] : value);
}
