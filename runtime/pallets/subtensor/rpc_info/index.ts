// subtensor's custom runtime APIs, one file each; the runtime lists them after the standard APIs.
import type { RuntimeApiDecl } from '../../../frame/runtime_api.ts';
import { DelegateInfoRuntimeApi } from './delegate_info.ts';
import { NeuronInfoRuntimeApi } from './neuron_info.ts';
import { SubnetInfoRuntimeApi } from './subnet_info.ts';
import { StakeInfoRuntimeApi } from './stake_info.ts';
import { SubnetRegistrationRuntimeApi } from './registration.ts';
import { SwapRuntimeApi } from './swap.ts';
import { EpochExplainApi } from './epoch_explain.ts';

export const subtensorRuntimeApis: RuntimeApiDecl[] = [
  DelegateInfoRuntimeApi,
  NeuronInfoRuntimeApi,
  SubnetInfoRuntimeApi,
  StakeInfoRuntimeApi,
  SubnetRegistrationRuntimeApi,
  SwapRuntimeApi,
  // subtensor-ts only (dev_epochExplain); hidden from the metadata, which stays subtensor's.
  EpochExplainApi,
];
