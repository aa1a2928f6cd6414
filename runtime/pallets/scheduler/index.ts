// pallet_scheduler (index 15): Root schedules calls for a future block (anonymously or under a 32-byte name,
// optionally periodic, with retries); on_initialize runs each due agenda in priority order within the block's
// scheduler weight (80 % of a block), postponing what does not fit (IncompleteSince / AgendaIncomplete) exactly as
// polkadot-sdk's service_agendas does. Calls over 128 encoded bytes are kept in Preimage (Bounded::Lookup).
import * as t from '../../codec/types.ts';
import { definePallet, call } from '../../frame/pallet.ts';
import { value, map } from '../../frame/storage.ts';
import { DispatchError, addWeight, ensureRoot, type Weight as WeightValue } from '../../frame/dispatch.ts';
import { RuntimeCall } from '../../frame/construct.ts';
import type { AccountId } from '../../primitives.ts';
import { blake2_256 } from '../../crypto/hashing.ts';
import { DispatchResult } from '../system/types.ts';
import { blockNumber, DB_WEIGHT, MAX_BLOCK_REF_TIME } from '../system/index.ts';
import { OriginCaller, originOf } from '../utility/index.ts';
import { requestPreimage } from '../preimage/index.ts';
import { Bounded, bound, peek, dropBounded, lookupHash, lookupLen, type BoundedValue } from '../preimage/bounded.ts';
import { dispatchCall, callInfo } from '../../extrinsic/call.ts';

export const MAX_SCHEDULED_PER_BLOCK = 50;
/** MaximumSchedulerWeight = 80 % of the block's max weight. */
export const MAXIMUM_WEIGHT: WeightValue = { refTime: (MAX_BLOCK_REF_TIME * 80n) / 100n, proofSize: ((1n << 64n) - 1n) * 4n / 5n };

const TaskName = t.fixedBytes(32);
const TaskAddress = t.tuple<[number, number]>(t.u32, t.u32);
const Period = t.tuple<[number, number]>(t.u32, t.u32);
const Scheduled = t.struct(['pallet_scheduler', 'Scheduled'], {
  maybe_id: t.option(TaskName), priority: t.u8, call: Bounded, maybe_periodic: t.option(Period), origin: OriginCaller,
}, {
  params: [{ name: 'Name', type: TaskName }, { name: 'Call', type: Bounded }, { name: 'BlockNumber', type: t.u32 }, { name: 'PalletsOrigin', type: OriginCaller }, { name: 'AccountId', type: undefined }],
  typeNames: { maybe_id: 'Option<Name>', priority: 'schedule::Priority', call: 'Call', maybe_periodic: 'Option<schedule::Period<BlockNumber>>', origin: 'PalletsOrigin' },
});
const RetryConfig = t.struct(['pallet_scheduler', 'RetryConfig'], { total_retries: t.u8, remaining: t.u8, period: t.u32 }, {
  params: [{ name: 'Period', type: t.u32 }], typeNames: { total_retries: 'u8', remaining: 'u8', period: 'Period' },
});

interface Task { maybe_id: Uint8Array | null; priority: number; call: BoundedValue; maybe_periodic: [number, number] | null; origin: t.EnumValue }
interface Retry { total_retries: number; remaining: number; period: number }

// pallet_scheduler::weights::SubstrateWeight (RocksDbWeight).
const R = DB_WEIGHT.read, W = DB_WEIGHT.write;
const w = (ref: bigint, proof: bigint): WeightValue => ({ refTime: ref, proofSize: proof });
const S = BigInt(MAX_SCHEDULED_PER_BLOCK);
const WEIGHTS = {
  serviceAgendasBase: w(4_002_000n + R + W, 1489n),
  serviceAgendaBase: (s: number) => w(3_258_412n + 457_723n * BigInt(s) + R + W, 110487n),
  serviceTaskBase: w(3_490_000n, 0n),
  serviceTaskFetched: (s: number) => w(21_269_000n + 1_640n * BigInt(s) + 3n * R + 2n * W, 4197809n),
  serviceTaskNamed: w(4_954_000n + W, 0n),
  serviceTaskPeriodic: w(3_401_000n, 0n),
  executeDispatchSigned: w(9_407_000n + 2n * R, 3997n),
  executeDispatchUnsigned: w(2_440_000n, 0n),
  schedule: w(11_548_266n + 494_382n * S + R + W, 110487n),
  cancel: w(13_129_003n + 690_444n * S + R + 3n * W, 110487n),
  scheduleNamed: w(18_707_577n + 508_586n * S + 2n * R + 2n * W, 110487n),
  cancelNamed: w(19_956_973n + 683_291n * S + 2n * R + 3n * W, 110487n),
  scheduleRetry: w(12_904_309n + 10_704n * S + R + 2n * W, 110487n),
  setRetry: w(147_698_000n + R + W, 110487n),
  setRetryNamed: w(160_844_000n + 2n * R + W, 110487n),
  cancelRetry: w(148_172_000n + R + W, 110487n),
  cancelRetryNamed: w(162_653_000n + 2n * R + W, 110487n),
};
function serviceTaskWeight(lookupLen: number | null, named: boolean, periodic: boolean): WeightValue {
  let total = lookupLen === null ? WEIGHTS.serviceTaskBase : WEIGHTS.serviceTaskFetched(lookupLen);
  if (named) total = addWeight(total, WEIGHTS.serviceTaskNamed);
  if (periodic) total = addWeight(total, WEIGHTS.serviceTaskPeriodic);
  return total;
}

/** frame's WeightMeter. */
class WeightMeter {
  consumed: WeightValue = { refTime: 0n, proofSize: 0n };
  constructor(readonly limit: WeightValue) {}
  canConsume(x: WeightValue): boolean {
    return this.consumed.refTime + x.refTime <= this.limit.refTime && this.consumed.proofSize + x.proofSize <= this.limit.proofSize;
  }
  tryConsume(x: WeightValue): boolean {
    if (!this.canConsume(x)) return false;
    this.consumed = addWeight(this.consumed, x);
    return true;
  }
}

const ROOT_CALLER: t.EnumValue = { type: 'system', value: { type: 'Root' } };

function resolveTime(when: { at: number } | { after: number }): number {
  const now = blockNumber();
  const at = 'at' in when ? when.at : now + when.after + 1;
  if (at <= now) throw Scheduler.error('TargetBlockNumberInPast');
  return at;
}

function pushToAgenda(when: number, task: Task): number | null {
  const agenda = Scheduler.storage.Agenda.get(when) as (Task | null)[];
  let index: number;
  if (agenda.length < MAX_SCHEDULED_PER_BLOCK) { agenda.push(task); index = agenda.length - 1; }
  else {
    index = agenda.findIndex(x => x === null);
    if (index < 0) return null;
    agenda[index] = task;
  }
  Scheduler.storage.Agenda.set(when, agenda);
  return index;
}

/** place_task: null when the agenda is full (DispatchError::Exhausted for a call). */
function placeTask(when: number, task: Task): [number, number] | null {
  const index = pushToAgenda(when, task);
  if (index === null) return null;
  if (task.maybe_id) Scheduler.storage.Lookup.set(task.maybe_id, [when, index]);
  Scheduler.deposit('Scheduled', { when, index });
  return [when, index];
}

function cleanupAgenda(when: number): void {
  const agenda = Scheduler.storage.Agenda.get(when) as (Task | null)[];
  let last = agenda.length - 1;
  while (last >= 0 && agenda[last] === null) last--;
  if (last < 0) Scheduler.storage.Agenda.remove(when);
  else if (last + 1 < agenda.length) Scheduler.storage.Agenda.set(when, agenda.slice(0, last + 1));
}

function doSchedule(id: Uint8Array | null, when: { at: number } | { after: number }, periodic: [number, number] | null, priority: number, c: t.EnumValue): void {
  if (id && Scheduler.storage.Lookup.contains(id)) throw Scheduler.error('FailedToSchedule');
  const at = resolveTime(when);
  const callBound = bound(c);
  // A period needs at least two runs and a non-zero interval; one run is scheduled now.
  const maybe_periodic: [number, number] | null = periodic && periodic[1] > 1 && periodic[0] !== 0 ? [periodic[0], periodic[1] - 1] : null;
  const placed = placeTask(at, { maybe_id: id, priority, call: callBound, maybe_periodic, origin: ROOT_CALLER });
  if (!placed) throw new DispatchError({ type: 'Exhausted' });
  const h = lookupHash(callBound);
  if (h) requestPreimage(h);
}

function doCancel(when: number, index: number): void {
  const agenda = Scheduler.storage.Agenda.get(when) as (Task | null)[];
  const task = agenda[index] ?? null;
  if (!task) throw Scheduler.error('NotFound');
  agenda[index] = null;
  Scheduler.storage.Agenda.set(when, agenda);
  dropBounded(task.call);
  if (task.maybe_id) Scheduler.storage.Lookup.remove(task.maybe_id);
  Scheduler.storage.Retries.remove([when, index]);
  cleanupAgenda(when);
  Scheduler.deposit('Canceled', { when, index });
}

function doCancelNamed(id: Uint8Array): void {
  const addr = Scheduler.storage.Lookup.get(id);
  if (!addr) throw Scheduler.error('NotFound');
  Scheduler.storage.Lookup.remove(id);
  const [when, index] = addr;
  const agenda = Scheduler.storage.Agenda.get(when) as (Task | null)[];
  if (index < agenda.length) {
    const task = agenda[index];
    if (task) { Scheduler.storage.Retries.remove([when, index]); dropBounded(task.call); }
    agenda[index] = null;
    Scheduler.storage.Agenda.set(when, agenda);
  }
  cleanupAgenda(when);
  Scheduler.deposit('Canceled', { when, index });
}

function taskAt(when: number, index: number): Task {
  const task = (Scheduler.storage.Agenda.get(when) as (Task | null)[])[index] ?? null;
  if (!task) throw Scheduler.error('NotFound');
  return task;
}

// ---------------------------------------------------------------------------------------------------------------
// on_initialize: service_agendas / service_agenda / service_task / execute_dispatch / schedule_retry

function serviceAgendas(meter: WeightMeter, now: number): void {
  if (!meter.tryConsume(WEIGHTS.serviceAgendasBase)) return;
  let incompleteSince = now + 1;
  let when = Scheduler.storage.IncompleteSince.take() ?? now;
  let isFirst = true;
  const agendaBase = WEIGHTS.serviceAgendaBase(MAX_SCHEDULED_PER_BLOCK);
  while (when <= now && meter.canConsume(agendaBase)) {
    if (!serviceAgenda(meter, isFirst, now, when)) incompleteSince = Math.min(incompleteSince, when);
    isFirst = false;
    when++;
  }
  incompleteSince = Math.min(incompleteSince, when);
  if (incompleteSince <= now) {
    Scheduler.deposit('AgendaIncomplete', { when: incompleteSince });
    Scheduler.storage.IncompleteSince.set(incompleteSince);
  } else {
    Scheduler.storage.IncompleteSince.set(now + 1);
  }
}

function serviceAgenda(meter: WeightMeter, isFirst: boolean, now: number, when: number): boolean {
  const agenda = Scheduler.storage.Agenda.get(when) as (Task | null)[];
  // Stable sort by priority (lower value first), ties in agenda order.
  const ordered = agenda.map((task, index) => ({ index, task })).filter(x => x.task !== null).sort((a, b) => a.task!.priority - b.task!.priority || a.index - b.index);
  meter.tryConsume(WEIGHTS.serviceAgendaBase(ordered.length));
  let postponed = 0;
  let dropped = 0;
  for (const { index } of ordered) {
    const task = agenda[index];
    if (!task) continue;
    agenda[index] = null;
    const base = serviceTaskWeight(lookupLen(task.call), task.maybe_id !== null, task.maybe_periodic !== null);
    if (!meter.canConsume(base)) { postponed++; agenda[index] = task; break; }
    const outcome = serviceTask(meter, now, when, index, isFirst, task);
    if (outcome === 'unavailable') { dropped++; agenda[index] = task; }
    else if (outcome === 'overweight') { postponed++; agenda[index] = task; }
    else isFirst = false;
  }
  if (postponed > 0 || dropped > 0) Scheduler.storage.Agenda.set(when, agenda);
  else Scheduler.storage.Agenda.remove(when);
  return postponed === 0;
}

function serviceTask(meter: WeightMeter, now: number, when: number, index: number, isFirst: boolean, task: Task): 'ok' | 'unavailable' | 'overweight' {
  if (task.maybe_id) Scheduler.storage.Lookup.remove(task.maybe_id);
  const task_ = [when, index] as [number, number];
  const peeked = peek(task.call);
  if (!peeked) {
    Scheduler.deposit('CallUnavailable', { task: task_, id: task.maybe_id });
    dropBounded(task.call);
    meter.tryConsume(serviceTaskWeight(lookupLen(task.call), task.maybe_id !== null, task.maybe_periodic !== null));
    return 'unavailable';
  }
  meter.tryConsume(serviceTaskWeight(peeked.len, task.maybe_id !== null, task.maybe_periodic !== null));
  const result = executeDispatch(meter, task.origin, peeked.call);
  if (result === 'overweight') {
    if (!isFirst) return 'overweight';
    dropBounded(task.call);
    Scheduler.deposit('PermanentlyOverweight', { task: task_, id: task.maybe_id });
    return 'unavailable';
  }
  const retry = Scheduler.storage.Retries.take(task_) as Retry | null;
  Scheduler.deposit('Dispatched', { task: task_, id: task.maybe_id, result });
  if (retry && 'err' in result) scheduleRetry(meter, now, when, index, task, retry);
  if (task.maybe_periodic) {
    const [period, count] = task.maybe_periodic;
    const next: Task = { ...task, maybe_periodic: count > 1 ? [period, count - 1] : null };
    const placed = placeTask(now + period, next);
    if (placed) { if (retry) Scheduler.storage.Retries.set(placed, retry); }
    else {
      dropBounded(next.call);
      Scheduler.deposit('PeriodicFailed', { task: task_, id: task.maybe_id });
    }
  } else {
    dropBounded(task.call);
  }
  return 'ok';
}

function executeDispatch(meter: WeightMeter, caller: t.EnumValue, c: t.EnumValue): { ok: [] } | { err: t.EnumValue } | 'overweight' {
  const raw = caller.type === 'system' ? (caller.value as t.EnumValue) : null;
  const base = raw?.type === 'Signed' ? WEIGHTS.executeDispatchSigned : WEIGHTS.executeDispatchUnsigned;
  const declared = callInfo(c).weight;
  if (!meter.canConsume(addWeight(base, declared))) return 'overweight';
  const { error, post } = dispatchCall(originOf(caller), c);
  meter.tryConsume(base);
  meter.tryConsume(post?.actualWeight ?? declared);
  return error ? { err: error } : { ok: [] };
}

function scheduleRetry(meter: WeightMeter, now: number, when: number, index: number, task: Task, retry: Retry): void {
  if (!meter.tryConsume(WEIGHTS.scheduleRetry)) {
    Scheduler.deposit('RetryFailed', { task: [when, index], id: task.maybe_id });
    return;
  }
  if (retry.remaining === 0) return;
  // as_retry: an unnamed, non-periodic clone.
  const clone: Task = { ...task, maybe_id: null, maybe_periodic: null };
  const placed = placeTask(now + retry.period, clone);
  if (placed) {
    Scheduler.storage.Retries.set(placed, { ...retry, remaining: retry.remaining - 1 });
  } else {
    dropBounded(clone.call);
    Scheduler.deposit('RetryFailed', { task: [when, index], id: task.maybe_id });
  }
}

// ---------------------------------------------------------------------------------------------------------------

const periodicName = 'Option<schedule::Period<BlockNumberFor<T>>>';
const boxed = 'Box<<T as Config>::RuntimeCall>';
const addrName = 'TaskAddress<BlockNumberFor<T>>';
type ScheduleArgs = { maybe_periodic: [number, number] | null; priority: number; call: t.EnumValue };

export const Scheduler = definePallet({
  name: 'Scheduler',
  index: 15,
  crate: 'pallet_scheduler',
  storage: {
    IncompleteSince: value(t.u32, { docs: [' Block number at which the agenda began incomplete execution.'] }),
    Agenda: map('Twox64Concat', t.u32, t.vec(t.option(Scheduled)), { default: [], docs: [' Items to be executed, indexed by the block number that they should be executed on.'] }),
    Retries: map('Blake2_128Concat', TaskAddress, RetryConfig, { docs: [' Retry configurations for items to be executed, indexed by task address.'] }),
    Lookup: map('Twox64Concat', TaskName, TaskAddress, { docs: [' Lookup from a name to the block number and index of the task.'] }),
  },
  calls: {
    schedule: call<{ when: number } & ScheduleArgs>({
      index: 0, args: { when: t.u32, maybe_periodic: t.option(Period), priority: t.u8, call: RuntimeCall },
      typeNames: { when: 'BlockNumberFor<T>', maybe_periodic: periodicName, priority: 'schedule::Priority', call: boxed },
      weight: WEIGHTS.schedule, docs: [' Anonymously schedule a task.'],
      fn(origin, a) { ensureRoot(origin); doSchedule(null, { at: a.when }, a.maybe_periodic, a.priority, a.call); },
    }),
    cancel: call<{ when: number; index: number }>({
      index: 1, args: { when: t.u32, index: t.u32 }, typeNames: { when: 'BlockNumberFor<T>', index: 'u32' },
      weight: WEIGHTS.cancel, docs: [' Cancel a scheduled task (named or anonymous), by providing the block it is scheduled for', ' execution in, as well as the index of the task in that block\'s agenda.'],
      fn(origin, { when, index }) { ensureRoot(origin); doCancel(when, index); },
    }),
    schedule_named: call<{ id: Uint8Array; when: number } & ScheduleArgs>({
      index: 2, args: { id: TaskName, when: t.u32, maybe_periodic: t.option(Period), priority: t.u8, call: RuntimeCall },
      typeNames: { id: 'TaskName', when: 'BlockNumberFor<T>', maybe_periodic: periodicName, priority: 'schedule::Priority', call: boxed },
      weight: WEIGHTS.scheduleNamed, docs: [' Schedule a named task.'],
      fn(origin, a) { ensureRoot(origin); doSchedule(a.id, { at: a.when }, a.maybe_periodic, a.priority, a.call); },
    }),
    cancel_named: call<{ id: Uint8Array }>({
      index: 3, args: { id: TaskName }, typeNames: { id: 'TaskName' },
      weight: WEIGHTS.cancelNamed, docs: [' Cancel a named scheduled task.'],
      fn(origin, { id }) { ensureRoot(origin); doCancelNamed(id); },
    }),
    schedule_after: call<{ after: number } & ScheduleArgs>({
      index: 4, args: { after: t.u32, maybe_periodic: t.option(Period), priority: t.u8, call: RuntimeCall },
      typeNames: { after: 'BlockNumberFor<T>', maybe_periodic: periodicName, priority: 'schedule::Priority', call: boxed },
      weight: WEIGHTS.schedule, docs: [' Anonymously schedule a task after a delay.'],
      fn(origin, a) { ensureRoot(origin); doSchedule(null, { after: a.after }, a.maybe_periodic, a.priority, a.call); },
    }),
    schedule_named_after: call<{ id: Uint8Array; after: number } & ScheduleArgs>({
      index: 5, args: { id: TaskName, after: t.u32, maybe_periodic: t.option(Period), priority: t.u8, call: RuntimeCall },
      typeNames: { id: 'TaskName', after: 'BlockNumberFor<T>', maybe_periodic: periodicName, priority: 'schedule::Priority', call: boxed },
      weight: WEIGHTS.scheduleNamed, docs: [' Schedule a named task after a delay.'],
      fn(origin, a) { ensureRoot(origin); doSchedule(a.id, { after: a.after }, a.maybe_periodic, a.priority, a.call); },
    }),
    set_retry: call<{ task: [number, number]; retries: number; period: number }>({
      index: 6, args: { task: TaskAddress, retries: t.u8, period: t.u32 }, typeNames: { task: addrName, retries: 'u8', period: 'BlockNumberFor<T>' },
      weight: WEIGHTS.setRetry, docs: [' Set a retry configuration for a task so that, in case its scheduled run fails, it will', ' be retried after `period` blocks, for a total amount of `retries` retries or until it', ' succeeds.'],
      fn(origin, { task, retries, period }) {
        ensureRoot(origin);
        taskAt(task[0], task[1]);
        Scheduler.storage.Retries.set(task, { total_retries: retries, remaining: retries, period });
        Scheduler.deposit('RetrySet', { task, id: null, period, retries });
      },
    }),
    set_retry_named: call<{ id: Uint8Array; retries: number; period: number }>({
      index: 7, args: { id: TaskName, retries: t.u8, period: t.u32 }, typeNames: { id: 'TaskName', retries: 'u8', period: 'BlockNumberFor<T>' },
      weight: WEIGHTS.setRetryNamed, docs: [' Set a retry configuration for a named task so that, in case its scheduled run fails, it', ' will be retried after `period` blocks, for a total amount of `retries` retries or until', ' it succeeds.'],
      fn(origin, { id, retries, period }) {
        ensureRoot(origin);
        const addr = Scheduler.storage.Lookup.get(id);
        if (!addr) throw Scheduler.error('NotFound');
        taskAt(addr[0], addr[1]);
        Scheduler.storage.Retries.set(addr, { total_retries: retries, remaining: retries, period });
        Scheduler.deposit('RetrySet', { task: addr, id, period, retries });
      },
    }),
    cancel_retry: call<{ task: [number, number] }>({
      index: 8, args: { task: TaskAddress }, typeNames: { task: addrName },
      weight: WEIGHTS.cancelRetry, docs: [' Removes the retry configuration of a task.'],
      fn(origin, { task }) {
        ensureRoot(origin);
        taskAt(task[0], task[1]);
        Scheduler.storage.Retries.remove(task);
        Scheduler.deposit('RetryCancelled', { task, id: null });
      },
    }),
    cancel_retry_named: call<{ id: Uint8Array }>({
      index: 9, args: { id: TaskName }, typeNames: { id: 'TaskName' },
      weight: WEIGHTS.cancelRetryNamed, docs: [' Cancel the retry configuration of a named task.'],
      fn(origin, { id }) {
        ensureRoot(origin);
        const addr = Scheduler.storage.Lookup.get(id);
        if (!addr) throw Scheduler.error('NotFound');
        taskAt(addr[0], addr[1]);
        Scheduler.storage.Retries.remove(addr);
        Scheduler.deposit('RetryCancelled', { task: addr, id });
      },
    }),
  },
  events: {
    Scheduled: { fields: { when: t.u32, index: t.u32 }, typeNames: { when: 'BlockNumberFor<T>', index: 'u32' }, docs: [' Scheduled some task.'] },
    Canceled: { fields: { when: t.u32, index: t.u32 }, typeNames: { when: 'BlockNumberFor<T>', index: 'u32' }, docs: [' Canceled some task.'] },
    Dispatched: { fields: { task: TaskAddress, id: t.option(TaskName), result: DispatchResult }, typeNames: { task: addrName, id: 'Option<TaskName>', result: 'DispatchResult' }, docs: [' Dispatched some task.'] },
    RetrySet: { fields: { task: TaskAddress, id: t.option(TaskName), period: t.u32, retries: t.u8 }, typeNames: { task: addrName, id: 'Option<TaskName>', period: 'BlockNumberFor<T>', retries: 'u8' }, docs: [' Set a retry configuration for some task.'] },
    RetryCancelled: { fields: { task: TaskAddress, id: t.option(TaskName) }, typeNames: { task: addrName, id: 'Option<TaskName>' }, docs: [' Cancel a retry configuration for some task.'] },
    CallUnavailable: { fields: { task: TaskAddress, id: t.option(TaskName) }, typeNames: { task: addrName, id: 'Option<TaskName>' }, docs: [' The call for the provided hash was not found so the task has been aborted.'] },
    PeriodicFailed: { fields: { task: TaskAddress, id: t.option(TaskName) }, typeNames: { task: addrName, id: 'Option<TaskName>' }, docs: [' The given task was unable to be renewed since the agenda is full at that block.'] },
    RetryFailed: { fields: { task: TaskAddress, id: t.option(TaskName) }, typeNames: { task: addrName, id: 'Option<TaskName>' }, docs: [' The given task was unable to be retried since the agenda is full at that block or there', ' was not enough weight to reschedule it.'] },
    PermanentlyOverweight: { fields: { task: TaskAddress, id: t.option(TaskName) }, typeNames: { task: addrName, id: 'Option<TaskName>' }, docs: [' The given task can never be executed since it is overweight.'] },
    AgendaIncomplete: { fields: { when: t.u32 }, typeNames: { when: 'BlockNumberFor<T>' }, docs: [' Agenda is incomplete from `when`.'] },
  },
  errors: {
    FailedToSchedule: ' Failed to schedule a call',
    NotFound: ' Cannot find the scheduled call.',
    TargetBlockNumberInPast: ' Given target block number is in the past.',
    RescheduleNoChange: ' Reschedule failed because it does not change scheduled time.',
    Named: ' Attempt to use a non-named function on a named task.',
  },
  constants: {
    MaximumWeight: { type: t.struct(['sp_weights', 'weight_v2', 'Weight'], { ref_time: t.compact(t.u64), proof_size: t.compact(t.u64) }), value: { ref_time: MAXIMUM_WEIGHT.refTime, proof_size: MAXIMUM_WEIGHT.proofSize }, docs: [' The maximum weight that may be scheduled per block for any dispatchables.'] },
    MaxScheduledPerBlock: { type: t.u32, value: MAX_SCHEDULED_PER_BLOCK, docs: [' The maximum number of scheduled calls in the queue for a single block.'] },
  },
  hooks: {
    onInitialize(n: number) {
      const meter = new WeightMeter(MAXIMUM_WEIGHT);
      serviceAgendas(meter, n);
      return meter.consumed.refTime;
    },
  },
});

/** blake2_256 of a human-readable task id, as schedule::v2::Named hashes names. */
export const taskName = (id: Uint8Array): Uint8Array => blake2_256(id);
export type { AccountId };
