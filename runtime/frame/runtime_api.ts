// Runtime APIs: the only door between the node and the runtime, as in Substrate. Each method takes and returns
// SCALE bytes (`Api_method`), and its declaration also feeds metadata V15's `apis` section and the runtime
// version's `apis` list (blake2-64 of the API name + version).
import { type Codec, encode } from '../codec/types.ts';
import { Reader } from '../codec/scale.ts';
import { blake2_64 } from '../crypto/hashing.ts';
import { withState } from './externalities.ts';
import type { OverlayState } from './state.ts';

export interface ApiMethod {
  name: string;
  inputs: { name: string; type: Codec<any> }[];
  output: Codec<any>;
  docs?: string[];
  /** Receives the decoded inputs in order; runs with the externalities set to the call's state. */
  impl: (...args: any[]) => any;
}

export interface RuntimeApiDecl {
  /** Trait name, e.g. `Core`, `TaggedTransactionQueue`, `SubnetInfoRuntimeApi`. */
  name: string;
  version: number;
  methods: ApiMethod[];
  docs?: string[];
  /** Listed in the runtime version's `apis` but not in metadata V15 (Substrate omits none; kept for stubs). */
  hiddenFromMetadata?: boolean;
}

export function defineRuntimeApi(decl: RuntimeApiDecl): RuntimeApiDecl {
  return decl;
}

export class RuntimeApiError extends Error {}

/** [blake2-64(name), version] as listed in RuntimeVersion.apis. */
export function apiId(name: string): Uint8Array {
  return blake2_64(new TextEncoder().encode(name));
}

export class ApiRouter {
  private methods = new Map<string, ApiMethod>();

  constructor(readonly apis: RuntimeApiDecl[]) {
    for (const api of apis) for (const m of api.methods) this.methods.set(`${api.name}_${m.name}`, m);
  }

  has(method: string): boolean { return this.methods.has(method); }

  /** Executes `Api_method` with SCALE-encoded arguments against `state`; returns the SCALE-encoded result. */
  call(method: string, args: Uint8Array, state: OverlayState): Uint8Array {
    const m = this.methods.get(method);
    if (!m) throw new RuntimeApiError(`Method ${method} not found in the runtime`);
    const r = new Reader(args);
    let decoded: any[];
    try {
      decoded = m.inputs.map(i => i.type.decodeFrom(r));
      r.end();
    } catch (e) {
      throw new RuntimeApiError(`Failed to decode arguments of ${method}: ${(e as Error).message}`);
    }
    const out = withState(state, () => m.impl(...decoded));
    return encode(m.output, out);
  }
}
