/**
 * A thread at real-time priority (SCHED_FIFO 1, reset on fork), for the event loop, which must not wait
 * behind the hashers for a core.
 *
 * The hashers run at nice 10 on every core (hasher.ts). On Linux's EEVDF scheduler a woken thread at
 * normal priority may still wait for the next tick (4 ms at HZ=250) behind one of them, and requests wait
 * with it: under saturated login load the read p99 was 3-5 ms against 0.3-0.4 ms alone. A SCHED_FIFO
 * thread takes its core at once. Priority 1 is the lowest real-time priority, and only the thread named
 * is raised: with reset-on-fork, threads and processes it creates later (libuv's pool, child processes)
 * start at normal priority. The kernel keeps 5 % of every core for normal threads, so a runaway event
 * loop cannot take a machine. Needs root, CAP_SYS_NICE or RLIMIT_RTPRIO >= 1 (systemd:
 * `LimitRTPRIO=1`); without them the thread stays as it is and the caller is told why
 * (docs/decisions/0006-event-loop-priority.md, bench/README.md session 9).
 *
 * The bench raises its timing client the same way, as latency tools such as cyclictest run, so that the
 * instrument does not itself wait behind the hashers it measures against.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const POLICIES: Record<number, string> = { 0: 'SCHED_OTHER', 1: 'SCHED_FIFO', 2: 'SCHED_RR', 3: 'SCHED_BATCH', 5: 'SCHED_IDLE', 6: 'SCHED_DEADLINE' };

/** The scheduling policy of a thread (its id; the main thread's is the pid), e.g. "SCHED_FIFO 1"; null off Linux. */
export function schedulingPolicy(tid: number = process.pid): string | null {
  try {
    // /proc/<tid>/stat: after the command in parentheses (which may itself hold ") "), field 3 onwards;
    // rt_priority is field 40, policy 41.
    const stat = readFileSync(`/proc/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    const policy = POLICIES[Number(fields[41 - 3])] ?? `policy ${fields[41 - 3]}`;
    const rtPriority = Number(fields[40 - 3]);
    return rtPriority > 0 ? `${policy} ${rtPriority}` : policy;
  } catch {
    return null;
  }
}

/** Raises a thread (default: this process's main thread) to SCHED_FIFO 1, reset on fork; says what it got, and why not if not. */
export function raiseToRealtime(tid: number = process.pid): { policy: string | null; refused?: string } {
  if (process.platform !== 'linux') return { policy: null, refused: 'not Linux' };
  try {
    // util-linux's chrt: Node has no binding for sched_setscheduler.
    execFileSync('chrt', ['--reset-on-fork', '--fifo', '--pid', '1', String(tid)], { stdio: ['ignore', 'ignore', 'pipe'] });
    return { policy: schedulingPolicy(tid) };
  } catch (err) {
    const e = err as { code?: string; stderr?: Buffer; message: string };
    const refused = e.code === 'ENOENT' ? 'chrt not found' : (e.stderr?.toString().trim() || e.message).split('\n')[0]!;
    return { policy: schedulingPolicy(tid), refused };
  }
}

/** Back to normal priority (SCHED_OTHER); a thread may always lower its own priority. */
export function dropToNormal(tid: number = process.pid): void {
  if (process.platform !== 'linux') return;
  try {
    execFileSync('chrt', ['--other', '--pid', '0', String(tid)], { stdio: 'ignore' });
  } catch {
    /* not raised, or no chrt: nothing to undo */
  }
}
