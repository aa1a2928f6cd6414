// One node per database directory. LMDB itself lets several processes open the same files, so two `npm start`s in
// two terminals would both build blocks into one database: interleaved heads, one chain's state under the other's
// blocks. The first node takes `<dir>/node.lock` (created exclusively, holding its pid and, on Linux, its process
// start time); another one is refused while that process lives. A lock left by a process that died (SIGKILL, power
// loss) is taken over: its pid is gone, or now belongs to a process that started at another time.
import fs from 'node:fs';
import path from 'node:path';

export class DatabaseInUseError extends Error {}

interface LockInfo { pid: number; start: string | null }

/** Linux: a process's start time in clock ticks since boot (/proc/<pid>/stat field 22), which tells a live process
 *  from a later one that reuses its pid. Null elsewhere. */
function startTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch { return null; }
}

function alive(info: LockInfo): boolean {
  if (!Number.isInteger(info.pid) || info.pid <= 0) return false;
  // Our own pid on a lock of a directory this process has not locked: left by an earlier process with this pid.
  if (info.pid === process.pid) return false;
  try { process.kill(info.pid, 0); } catch (e) { if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false; }
  if (info.start === null) return true;
  const now = startTime(info.pid);
  return now === null || now === info.start;
}

/** Directories this process has locked (a second open of the same directory in this process is refused too). */
const heldDirs = new Set<string>();

/** Takes the lock on `dir`; returns its release. Throws DatabaseInUseError while another live node holds it. */
export function lockDatabase(dir: string): () => void {
  const file = path.join(dir, 'node.lock');
  const key = path.resolve(dir);
  if (heldDirs.has(key)) throw new DatabaseInUseError(`The database in ${dir} is already open in this process.`);
  const mine: LockInfo = { pid: process.pid, start: startTime(process.pid) };
  const text = JSON.stringify(mine);
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, text, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw e;
    }
    let held: LockInfo | null = null;
    try { held = JSON.parse(fs.readFileSync(file, 'utf8')); } catch { /* unreadable or half-written: stale */ }
    if (held && alive(held)) {
      throw new DatabaseInUseError(`The database in ${dir} is in use by another subtensor-ts node (pid ${held.pid}). Stop it, or use another --db directory or --tmp.`);
    }
    fs.rmSync(file, { force: true });
  }
  heldDirs.add(key);
  return () => {
    heldDirs.delete(key);
    try { if (fs.readFileSync(file, 'utf8') === text) fs.rmSync(file, { force: true }); } catch { /* already gone */ }
  };
}
