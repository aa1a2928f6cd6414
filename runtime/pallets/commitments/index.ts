// Placeholder created by runtime-core so the runtime composes; the subtensor helpers own and replace this file.
import { definePallet } from '../../frame/pallet.ts';

export const Commitments = definePallet({ name: 'Commitments', index: 18, crate: 'pallet_commitments' });
