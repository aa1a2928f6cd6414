// Core, BlockBuilder, TaggedTransactionQueue, OffchainWorkerApi: the block-building door of the runtime.
import * as t from '../codec/types.ts';
import { defineRuntimeApi } from '../frame/runtime_api.ts';
import { Header, type HeaderValue } from '../frame/header.ts';
import { H256 } from '../primitives.ts';
import { RuntimeVersion, ExtrinsicInclusionMode, TransactionSource } from '../pallets/system/types.ts';
import { runtimeVersion } from '../version.ts';
import { initializeBlock, applyExtrinsic, finalizeBlock, executeBlock, inherentExtrinsics, validateTransaction } from '../executive.ts';
import { OpaqueExtrinsic, Block, InherentData, CheckInherentsResult, ApplyExtrinsicResult, TransactionValidity } from './types.ts';

export const CoreApi = defineRuntimeApi({
  name: 'Core',
  version: 5,
  docs: [' The `Core` runtime api that every Substrate runtime needs to implement.'],
  methods: [
    { name: 'version', inputs: [], output: RuntimeVersion, docs: [' Returns the version of the runtime.'], impl: () => runtimeVersion() },
    {
      name: 'execute_block', inputs: [{ name: 'block', type: Block }], output: t.unit, docs: [' Execute the given block.'],
      impl: (block: { header: HeaderValue; extrinsics: Uint8Array[] }) => { executeBlock(block); return []; },
    },
    {
      name: 'initialize_block', inputs: [{ name: 'header', type: Header }], output: ExtrinsicInclusionMode, docs: [' Initialize a block with the given header and return the runtime executive mode.'],
      impl: (header: HeaderValue) => { initializeBlock(header); return { type: 'AllExtrinsics' }; },
    },
  ],
});

export const BlockBuilderApi = defineRuntimeApi({
  name: 'BlockBuilder',
  version: 6,
  docs: [' The `BlockBuilder` api trait that provides the required functionality for building a block.'],
  methods: [
    {
      name: 'apply_extrinsic', inputs: [{ name: 'extrinsic', type: OpaqueExtrinsic }], output: ApplyExtrinsicResult,
      docs: [' Apply the given extrinsic.', '', ' Returns an inclusion outcome which specifies if this extrinsic is included in', ' this block or not.'],
      impl: (xt: Uint8Array) => applyExtrinsic(xt),
    },
    { name: 'finalize_block', inputs: [], output: Header, docs: [' Finish the current block.'], impl: () => finalizeBlock() },
    {
      name: 'inherent_extrinsics', inputs: [{ name: 'inherent', type: InherentData }], output: t.vec(OpaqueExtrinsic),
      docs: [' Generate inherent extrinsics. The inherent data will vary from chain to chain.'],
      impl: (data: { data: [Uint8Array, Uint8Array][] }) => inherentExtrinsics(data.data),
    },
    {
      name: 'check_inherents', inputs: [{ name: 'block', type: Block }, { name: 'data', type: InherentData }], output: CheckInherentsResult,
      docs: [' Check that the inherents are valid. The inherent data will vary from chain to chain.'],
      impl: () => ({ okay: true, fatal_error: false, errors: { data: [] } }),
    },
  ],
});

export const TaggedTransactionQueueApi = defineRuntimeApi({
  name: 'TaggedTransactionQueue',
  version: 3,
  docs: [' The `TaggedTransactionQueue` api trait for interfering with the transaction queue.'],
  methods: [{
    name: 'validate_transaction',
    inputs: [{ name: 'source', type: TransactionSource }, { name: 'tx', type: OpaqueExtrinsic }, { name: 'block_hash', type: H256 }],
    output: TransactionValidity,
    docs: [' Validate the transaction.'],
    impl: (source: t.EnumValue, tx: Uint8Array, blockHash: Uint8Array) => validateTransaction(source, tx, blockHash),
  }],
});

export const OffchainWorkerApi = defineRuntimeApi({
  name: 'OffchainWorkerApi',
  version: 2,
  docs: [' The offchain worker api.'],
  methods: [{ name: 'offchain_worker', inputs: [{ name: 'header', type: Header }], output: t.unit, docs: [' Starts the off-chain task for given block header.'], impl: () => [] }],
});
