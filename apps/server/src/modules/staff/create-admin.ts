import { randomInt, randomUUID } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { checkPassword, ZStaffRealName, ZStaffUsername } from '@ausm/domain';
import { loadConfig } from '../../config';
import { isUniqueViolation, openDatabase, type Db } from '../../db/client';
import { AuditLog } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { PasswordHasher } from '../../platform/hasher';
import { installPiiKeyring, PiiKeyring } from '../../platform/pii/keyring';
import { AuthorityService, seedAuthorities } from '../authority';
import { staff } from './tables';

/**
 * The first administrator of a new installation (production seeds no staff): `npm run staff:create-admin --
 * --username … --authority <id> --name …`. An administrator and reviewer of the authority, with a one-time
 * password, who must enrol a 动态口令 and change the password at the first login. Further staff are created
 * in the console by an administrator.
 */
export async function createAdministrator(
  deps: { db: Db; hasher: PasswordHasher; clock: Clock },
  input: { username: string; authorityId: string; realName: string; password: string },
): Promise<{ id: string; authorityName: string }> {
  const username = ZStaffUsername.safeParse(input.username);
  if (!username.success) throw new AppError(400, 'validation/failed', username.error.issues[0]!.message, { field: 'username' });
  const realName = ZStaffRealName.safeParse(input.realName);
  if (!realName.success) throw new AppError(400, 'validation/failed', realName.error.issues[0]!.message, { field: 'name' });
  const authority = await new AuthorityService(deps.db).byId(input.authorityId);
  if (!authority) throw new AppError(400, 'staff/authority_unknown', `会计管理部门 ${input.authorityId} 不存在（财政部为 100000，省级如山东省为 370000）`, { field: 'authority' });
  const pwError = checkPassword(input.password);
  if (pwError) throw new AppError(400, 'validation/failed', pwError, { field: 'password' });
  const now = deps.clock.now();
  const id = randomUUID();
  const passwordHash = await deps.hasher.hash(input.password);
  try {
    await deps.db.transaction(async (tx) => {
      await tx.insert(staff).values({
        id,
        authorityId: authority.id,
        username: username.data,
        realName: realName.data,
        passwordHash,
        roles: ['admin', 'reviewer'],
        // Whatever STAFF_TOTP says: the first administrator holds every key, so enrols a second factor.
        totpRequired: true,
        mustChangePassword: true,
        createdAt: now,
        updatedAt: now,
      });
      // The trail names no actor (nobody was logged in) and says it came from the command line.
      await new AuditLog(deps.clock).record(
        tx,
        { kind: 'staff_create', subjectStaffId: id, detail: { username: username.data, authorityId: authority.id, roles: ['admin', 'reviewer'], via: 'cli' } },
        { ip: null, userAgent: 'npm run staff:create-admin' },
      );
    });
  } catch (err) {
    if (isUniqueViolation(err, 'staff_username_uq')) {
      throw new AppError(409, 'staff/username_taken', `用户名 ${username.data} 已存在，未创建任何用户`, { field: 'username' });
    }
    throw err;
  }
  return { id, authorityName: authority.name };
}

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SYMBOLS = '@#%+=!?';

/** A one-time password of 14 characters that meets the platform's rule (no look-alike 0/O, 1/l/I). */
export function oneTimePassword(): string {
  const pick = (set: string) => set[randomInt(set.length)]!;
  const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SYMBOLS)];
  const all = UPPER + LOWER + DIGITS + SYMBOLS;
  while (chars.length < 14) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

const USAGE = `用法: npm run staff:create-admin -- --username <用户名> --authority <会计管理部门代码> --name <姓名> [--password-stdin]

  创建一名管理员（兼审核员）。不加 --password-stdin 时生成一次性密码并只显示这一次；
  加 --password-stdin 时从标准输入读取密码。首次登录须绑定动态口令并修改密码。
  数据库: DATABASE_URL（PostgreSQL），未设置时为 DATA_DIR 中的 PGlite（须先停止使用同一目录的服务）。
`;

export type CreateAdminIo = { stdin: Readable; stdout: Writable; stderr: Writable };
export type CreateAdminDeps = {
  /** The database to write to; by default the one of DATABASE_URL or DATA_DIR, migrated and seeded. */
  open: () => Promise<{ db: Db; close(): Promise<void> }>;
  clock: Clock;
};

/** `staff:create-admin`: returns the exit code (0 created, 1 refused, 2 a usage error). */
export async function runCreateAdmin(argv: string[], io: CreateAdminIo, deps: CreateAdminDeps): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        username: { type: 'string' },
        authority: { type: 'string' },
        name: { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const missing = (['username', 'authority', 'name'] as const).filter((k) => !args[k]?.trim());
  if (missing.length > 0) {
    io.stderr.write(`缺少参数: ${missing.map((k) => `--${k}`).join(' ')}\n\n${USAGE}`);
    return 2;
  }
  const fromStdin = args['password-stdin'];
  const password = fromStdin ? (await readAll(io.stdin)).replace(/\r?\n$/, '') : oneTimePassword();

  const database = await deps.open();
  const hasher = new PasswordHasher(1, 1, 60_000);
  try {
    const created = await createAdministrator(
      { db: database.db, hasher, clock: deps.clock },
      { username: args.username!.trim(), authorityId: args.authority!.trim(), realName: args.name!, password },
    );
    io.stdout.write(`已创建管理员 ${args.username!.trim()}（${created.authorityName}；角色：管理员、审核员）。\n`);
    if (!fromStdin) io.stdout.write(`一次性密码（只显示这一次，请当面或经安全渠道交给本人）：${password}\n`);
    io.stdout.write('首次登录须绑定动态口令，并修改密码。\n');
    return 0;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    io.stderr.write(`${err.message}\n`);
    return 1;
  } finally {
    await hasher.close();
    await database.close();
  }
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** The default database of the command: the server's own, migrated, with the authority tree seeded. */
export async function openServerDatabase(env: NodeJS.ProcessEnv, defaultDataDir: string) {
  // The server's personal-data keys (docs/personal-data.md): the staff table holds sealed columns.
  const config = loadConfig({ ...env, DATABASE_URL: env.DATABASE_URL || undefined, DATA_DIR: env.DATA_DIR || defaultDataDir });
  installPiiKeyring(new PiiKeyring(config.pii));
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await seedAuthorities(database.db);
  return database;
}
