// AccountNonceApi<AccountId32, u32>.
import * as t from '../codec/types.ts';
import { defineRuntimeApi } from '../frame/runtime_api.ts';
import { AccountId32 } from '../primitives.ts';
import { accountNonce } from '../pallets/system/index.ts';

export const AccountNonceApi = defineRuntimeApi({
  name: 'AccountNonceApi',
  version: 1,
  docs: [' The API to query account nonce.'],
  methods: [{
    name: 'account_nonce', inputs: [{ name: 'account', type: AccountId32 }], output: t.u32,
    docs: [' Get current account nonce of given `AccountId`.'],
    impl: (who: Uint8Array) => accountNonce(who),
  }],
});
