// SubnetRegistrationRuntimeApi: the current subnet lock cost (subnets/subnets.ts networkLockCost).
import { defineRuntimeApi } from '../../../frame/runtime_api.ts';
import * as t from '../../../codec/types.ts';
import { networkLockCost } from '../subnets/subnets.ts';

export const SubnetRegistrationRuntimeApi = defineRuntimeApi({
  name: 'SubnetRegistrationRuntimeApi',
  version: 1,
  methods: [{ name: 'get_network_registration_cost', inputs: [], output: t.u64, impl: () => networkLockCost() }],
});
