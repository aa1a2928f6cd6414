// frame_support::weights::constants::RocksDbWeight, the DbWeight subtensor's runtime configures: what the
// benchmarked weight functions add per storage read and write (ref_time, picoseconds).
export const DB_READ = 25_000_000n;
export const DB_WRITE = 100_000_000n;

/** T::DbWeight::get().reads(r) + writes(w) (ref_time). */
export const dbWeight = (reads: number | bigint, writes: number | bigint): bigint => DB_READ * BigInt(reads) + DB_WRITE * BigInt(writes);
