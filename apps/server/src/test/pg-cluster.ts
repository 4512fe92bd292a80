import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL cluster of the machine's own binaries, in a temporary folder on a free port, for
 * the tests that kill or freeze a database: the shared server (127.0.0.1:5432) serves every other test
 * and is never touched. As root the cluster runs as the `postgres` user (PostgreSQL refuses root).
 */
export class PrivateCluster {
  private frozen: number[] = [];
  private cleanup = () => {};

  private constructor(
    private readonly bin: string,
    readonly dir: string,
    readonly port: number,
    private readonly asUser: string | null,
  ) {}

  /** The newest installed server's bin folder (PG_BIN overrides), or null when none is installed. */
  static findBin(): string | null {
    if (process.env.PG_BIN) return existsSync(join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : null;
    const root = '/usr/lib/postgresql';
    if (!existsSync(root)) return null;
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    return versions[0] ? join(root, versions[0], 'bin') : null;
  }

  /** Creates and starts a cluster; trust authentication on 127.0.0.1 only. */
  static async create(bin: string): Promise<PrivateCluster> {
    const asUser = process.getuid?.() === 0 ? 'postgres' : null;
    const dir = mkdtempSync(join(tmpdir(), 'ausm-pg-fault-'));
    if (asUser) {
      const uid = Number(execFileSync('id', ['-u', asUser]).toString().trim());
      const gid = Number(execFileSync('id', ['-g', asUser]).toString().trim());
      chownSync(dir, uid, gid);
    }
    const cluster = new PrivateCluster(bin, dir, await freePort(), asUser);
    // A run cut short (a worker ended) leaves no server behind: destroy is synchronous, as 'exit' needs.
    const onExit = () => cluster.destroy();
    process.once('exit', onExit);
    cluster.cleanup = () => process.removeListener('exit', onExit);
    cluster.run('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    cluster.start();
    return cluster;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Starts the server and waits until it accepts connections. */
  start(): void {
    const options = [`-p ${this.port}`, '-c listen_addresses=127.0.0.1', `-c unix_socket_directories=${this.dir}`, '-c fsync=off', '-c max_connections=40', '-c shared_buffers=16MB'];
    this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'log'), '-o', options.join(' '), '-w', '-t', '60', 'start']);
  }

  /** Running and not frozen, whatever a test before left. */
  ensureRunning(): void {
    this.thaw();
    if (spawnSync(...this.command('pg_ctl', ['-D', join(this.dir, 'data'), 'status']), { stdio: 'ignore' }).status !== 0) this.start();
  }

  /** The server's log so far. */
  log(): string {
    return existsSync(join(this.dir, 'log')) ? readFileSync(join(this.dir, 'log'), 'utf8') : '';
  }

  /** `pg_ctl stop -m immediate`: every backend dies at once, nothing in flight commits (a crash, as far as clients can tell). */
  stopImmediately(): void {
    this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  }

  /** SIGSTOP to the postmaster and every backend: the server holds its sockets open and answers nothing. */
  freeze(): void {
    const postmaster = Number(readFileSync(join(this.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    this.frozen = [postmaster, ...childrenOf(postmaster)];
    for (const pid of this.frozen) process.kill(pid, 'SIGSTOP');
  }

  /** SIGCONT to what freeze stopped. */
  thaw(): void {
    for (const pid of this.frozen) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // gone meanwhile
      }
    }
    this.frozen = [];
  }

  /** Stops the server (thawing it first) and removes its folder. */
  destroy(): void {
    this.thaw();
    if (existsSync(join(this.dir, 'data', 'postmaster.pid'))) {
      spawnSync(...this.command('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']), { stdio: 'ignore' });
    }
    rmSync(this.dir, { recursive: true, force: true });
    this.cleanup();
  }

  private command(tool: string, args: string[]): [string, string[]] {
    const path = join(this.bin, tool);
    return this.asUser ? ['runuser', ['-u', this.asUser, '--', path, ...args]] : [path, args];
  }

  private run(tool: string, args: string[]): void {
    const r = spawnSync(...this.command(tool, args), { encoding: 'utf8' });
    if (r.status !== 0) {
      const log = existsSync(join(this.dir, 'log')) ? readFileSync(join(this.dir, 'log'), 'utf8').slice(-2000) : '';
      throw new Error(`${tool} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}${r.stdout}\n${log}`);
    }
  }
}

/** Every descendant of pid, from /proc (no procps needed). */
function childrenOf(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited while listed
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parentOf) if (parent === p) (found.push(child), walk(child));
  };
  walk(pid);
  return found;
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
