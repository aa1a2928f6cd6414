// Placeholder created by runtime-core so the runtime composes; the subtensor helpers own and replace this file.
import type { RuntimeApiDecl } from '../../../frame/runtime_api.ts';

export const subtensorRuntimeApis: RuntimeApiDecl[] = [];
