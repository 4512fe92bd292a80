import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = fileURLToPath(new URL('./realtime.ts', import.meta.url));

/** Runs the module in a process of its own, so that the test runner's threads are never raised. */
function inChild(script: string, asUser?: string): Record<string, unknown> {
  const node = [process.execPath, '--import', 'tsx', '--input-type=module', '-e', `import * as rt from ${JSON.stringify(MODULE)};\n${script}`];
  const [cmd, ...args] = asUser ? ['setpriv', `--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups', '--', ...node] : node;
  const out = execFileSync(cmd!, args, { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

function hasSetpriv(): boolean {
  try {
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.runIf(process.platform === 'linux')('a thread at real-time priority', () => {
  it('reports the policy it got, and the reason when it was refused', () => {
    const r = inChild(`
      const before = rt.schedulingPolicy();
      const raised = rt.raiseToRealtime();
      const { execFileSync } = await import('node:child_process');
      // A process started after raising (a child process, the bench's login load) starts at normal priority.
      const child = execFileSync('sh', ['-c', 'chrt -p $$'], { encoding: 'utf8' });
      rt.dropToNormal();
      console.log(JSON.stringify({ before, raised, child, after: rt.schedulingPolicy() }));
    `);
    expect(r.before).toBe('SCHED_OTHER');
    const raised = r.raised as { policy: string; refused?: string };
    if (raised.refused === undefined) expect(raised.policy).toBe('SCHED_FIFO 1');
    else expect(raised.policy).toBe('SCHED_OTHER'); // not permitted here: stays as it was, and says why
    expect(r.child).toMatch(/SCHED_OTHER/);
    expect(r.after).toBe('SCHED_OTHER');
  });

  // As root the first test is always granted; the refusal is real for an unprivileged user.
  it.runIf(process.getuid?.() === 0 && hasSetpriv())('stays at normal priority and says why when it is not permitted', () => {
    const r = inChild(`console.log(JSON.stringify(rt.raiseToRealtime()));`, '65534'); // nobody
    expect(r.policy).toBe('SCHED_OTHER');
    expect(r.refused).toMatch(/not permitted|failed/i);
  });

  it('reads the policy of a thread whose name holds a parenthesis', () => {
    const r = inChild(`
      const { writeFileSync } = await import('node:fs');
      writeFileSync('/proc/self/comm', 'a) b (c) d');
      console.log(JSON.stringify({ self: rt.schedulingPolicy(), raised: rt.raiseToRealtime(), after: rt.schedulingPolicy() }));
    `);
    expect(r.self).toBe('SCHED_OTHER');
    const raised = r.raised as { policy: string; refused?: string };
    expect(r.after).toBe(raised.refused === undefined ? 'SCHED_FIFO 1' : 'SCHED_OTHER');
  });

  it('reads the policy of another thread by its id', () => {
    const r = inChild(`console.log(JSON.stringify({ self: rt.schedulingPolicy(), init: rt.schedulingPolicy(1), none: rt.schedulingPolicy(2 ** 30) }));`);
    expect(r.self).toBe('SCHED_OTHER');
    expect(typeof r.init).toBe('string');
    expect(r.none).toBeNull();
  });
});
