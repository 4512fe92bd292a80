/**
 * The timing client of figure 3 at real-time priority, as latency tools such as cyclictest run.
 *
 * On this machine the client shares the cores with the hashers it measures against. At normal priority
 * it waits for a core itself: a woken thread may wait for the scheduler's next tick behind a hashing
 * thread, and those waits were most of the loaded tail it reported (bench/README.md, session 9). In
 * production the people asking are on other machines, so the instrument's own waits are not the
 * server's. SCHED_FIFO 1 with reset-on-fork: only this process's main thread, where the paced client
 * runs, is raised; processes and threads it creates afterwards (the login load) start at normal
 * priority. It needs root, CAP_SYS_NICE or RLIMIT_RTPRIO >= 1; without them the client stays as it is,
 * and the result says so.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const POLICIES: Record<number, string> = { 0: 'SCHED_OTHER', 1: 'SCHED_FIFO', 2: 'SCHED_RR', 3: 'SCHED_BATCH', 5: 'SCHED_IDLE', 6: 'SCHED_DEADLINE' };

/** The scheduling policy of a thread (its id; the main thread's is the pid), e.g. "SCHED_FIFO 1"; null off Linux. */
export function schedulingPolicy(tid: number = process.pid): string | null {
  try {
    // /proc/<tid>/stat: after the command in parentheses, field 3 onwards; rt_priority is field 40, policy 41.
    const fields = readFileSync(`/proc/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const policy = POLICIES[Number(fields[41 - 3])] ?? `policy ${fields[41 - 3]}`;
    const rtPriority = Number(fields[40 - 3]);
    return rtPriority > 0 ? `${policy} ${rtPriority}` : policy;
  } catch {
    return null;
  }
}

/** Raises this process's main thread to SCHED_FIFO 1 (reset on fork); says what it got, and why not if not. */
export function raiseToRealtime(): { policy: string | null; refused?: string } {
  try {
    execFileSync('chrt', ['--reset-on-fork', '--fifo', '--pid', '1', String(process.pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
    return { policy: schedulingPolicy() };
  } catch (err) {
    const e = err as { code?: string; stderr?: Buffer; message: string };
    const refused = e.code === 'ENOENT' ? 'chrt not found' : (e.stderr?.toString().trim() || e.message).split('\n')[0]!;
    return { policy: schedulingPolicy(), refused };
  }
}

/** Back to normal priority (SCHED_OTHER); a thread may always lower its own priority. */
export function dropToNormal(): void {
  try {
    execFileSync('chrt', ['--other', '--pid', '0', String(process.pid)], { stdio: 'ignore' });
  } catch {
    /* not raised, or no chrt: nothing to undo */
  }
}
