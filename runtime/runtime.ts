// construct_runtime!: subtensor's pallets at their real indices, and the runtime APIs in the order the real
// runtime declares them. Importing this module composes the runtime (RuntimeCall / RuntimeEvent become usable).
import { constructRuntime } from './frame/construct.ts';
import { apiId, type RuntimeApiDecl } from './frame/runtime_api.ts';
import { System } from './pallets/system/index.ts';
import { Timestamp } from './pallets/timestamp/index.ts';
import { Aura } from './pallets/aura/index.ts';
import { Grandpa } from './pallets/grandpa/index.ts';
import { Balances } from './pallets/balances/index.ts';
import { TransactionPayment } from './pallets/transaction_payment/index.ts';
import { SubtensorModule } from './pallets/subtensor/index.ts';
import { Utility } from './pallets/utility/index.ts';
import { Sudo } from './pallets/sudo/index.ts';
import { Commitments } from './pallets/commitments/index.ts';
import { AdminUtils } from './pallets/admin_utils/index.ts';
import { Swap } from './pallets/swap/index.ts';
import { Proxy } from './pallets/proxy/index.ts';
import { Multisig } from './pallets/multisig/index.ts';
import { Preimage } from './pallets/preimage/index.ts';
import { Scheduler } from './pallets/scheduler/index.ts';
import { SafeMode } from './pallets/safe_mode/index.ts';
import { ProxyFilterRuntimeApi } from './pallets/proxy/api.ts';
import { Drand } from './pallets/drand/index.ts';
import { MevShield } from './pallets/shield/index.ts';
import { ShieldApi } from './pallets/shield/runtime_api.ts';
import { subtensorRuntimeApis } from './pallets/subtensor/rpc_info/index.ts';
import { CoreApi, BlockBuilderApi, TaggedTransactionQueueApi, OffchainWorkerApi } from './apis/core.ts';
import { AccountNonceApi } from './apis/account_nonce.ts';
import { TransactionPaymentApi, TransactionPaymentCallApi } from './apis/transaction_payment.ts';
import { AuraApi, GrandpaApi, SessionKeysApi } from './apis/consensus.ts';
import { GenesisBuilderApi } from './apis/genesis_builder.ts';
import { createMetadataApi } from './apis/metadata.ts';
import { SIGNED_EXTENSIONS, setMetadataHash } from './extrinsic/extensions.ts';
import { setVersionApis } from './version.ts';

export const pallets = [System, Timestamp, Aura, Grandpa, Balances, TransactionPayment, SubtensorModule, Utility, Sudo, Multisig, Preimage, Scheduler, Proxy, Commitments, AdminUtils, SafeMode, Drand, Swap, MevShield];

export const runtime = constructRuntime(pallets);

export const MetadataApi = createMetadataApi(() => ({ runtime, apis, extensions: SIGNED_EXTENSIONS }));
// subtensor's builds enable the metadata-hash feature: runtime/build.rs `enable_metadata_hash("TAO", 9)`.
setMetadataHash(() => MetadataApi.cache.metadataHash({ tokenSymbol: 'TAO', decimals: 9 }));

/** Every runtime API, in the real runtime's order, then subtensor's custom APIs. */
export const apis: RuntimeApiDecl[] = [
  CoreApi, MetadataApi, BlockBuilderApi, GenesisBuilderApi, TaggedTransactionQueueApi, OffchainWorkerApi, AuraApi, SessionKeysApi,
  GrandpaApi, AccountNonceApi, TransactionPaymentApi, TransactionPaymentCallApi,
  ...subtensorRuntimeApis, ProxyFilterRuntimeApi, ShieldApi,
];

setVersionApis(apis.map(a => [apiId(a.name), a.version] as [Uint8Array, number]));
