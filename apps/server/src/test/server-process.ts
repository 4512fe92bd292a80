import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * A platform server in a process of its own, as an operator starts it: the built server (`node dist/main.js`)
 * or the sources through tsx. Its port is the one it picked (PORT=0), read back from its log line
 * "Server listening at …".
 */
export type ServerProcess = {
  url: string;
  child: ChildProcess;
  /** Every log line so far (JSON, one per line). */
  log: string[];
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: the machine lost power. */
  kill(): Promise<void>;
};

export const SERVER_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function startServer(opts: { built?: boolean; env: Record<string, string>; timeoutMs?: number }): Promise<ServerProcess> {
  const args = opts.built ? [`${SERVER_ROOT}dist/main.js`] : ['--import', 'tsx', `${SERVER_ROOT}src/main.ts`];
  const child = spawn(process.execPath, args, {
    cwd: SERVER_ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', EVENT_LOOP_PRIORITY: 'normal', HASH_CONCURRENCY: '1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not listen within ${opts.timeoutMs ?? 30_000} ms:\n${log.join('\n')}`)), opts.timeoutMs ?? 30_000);
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        log.push(line);
        const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${log.join('\n')}`));
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { url, child, log, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}

/** A tiny HTTP client with a cookie jar, as a browser on one machine would be. */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly headers: Record<string, string> = {}) {}

  async call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; text: string; headers: Headers }> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...this.headers,
        ...headers,
        ...(body !== undefined && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}),
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
      },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const value = pair!.slice(eq + 1);
      if (value === '' || /max-age=0|expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(pair!.slice(0, eq));
      else this.cookies.set(pair!.slice(0, eq), value);
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, json, text, headers: res.headers };
  }
}

/** Logs a sandbox staff member in through HTTP (captcha from the sandbox contract); the browser keeps the cookie. */
export async function staffLogin(browser: Browser, base: string, username: string, password: string, captchaBase = base) {
  const captcha = await browser.call(captchaBase, 'GET', '/api/captcha');
  const { answer } = (await browser.call(captchaBase, 'GET', `/api/sandbox/captcha/${captcha.json.id}`)).json;
  return browser.call(base, 'POST', '/api/console/session', { username, password, captchaId: captcha.json.id, captchaAnswer: answer });
}
