// The runtime version (sp_version::RuntimeVersion). The `apis` list is filled in by runtime/runtime.ts from the
// declared runtime APIs (blake2-64 of each API name + its version), so System.Version and Core_version agree.
import type { RuntimeVersionValue } from './pallets/system/types.ts';

export const SPEC_NAME = 'node-subtensor';
export const SPEC_VERSION = 425;
export const TRANSACTION_VERSION = 1;

let apis: [Uint8Array, number][] = [];

export function setVersionApis(list: [Uint8Array, number][]): void {
  apis = list;
}

export function runtimeVersion(): RuntimeVersionValue {
  return {
    spec_name: SPEC_NAME,
    impl_name: SPEC_NAME,
    authoring_version: 1,
    spec_version: SPEC_VERSION,
    impl_version: 1,
    apis,
    transaction_version: TRANSACTION_VERSION,
    system_version: 1,
  };
}
