// Entry point of the WASM module: re-exports the epoch's fixed-point kernels.
export function version(): i32 { return 1; }
