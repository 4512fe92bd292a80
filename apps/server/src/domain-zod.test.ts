import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every schema of packages/domain takes z from its src/zod.ts, which installs the Chinese messages; package.json names that
// file as the package's only side effect, so a page that loads no schema loads no zod (issue 19: the first page's
// JavaScript small). A module importing 'zod' itself would build schemas that may parse with Zod's English.
describe('the domain takes zod from ./zod.ts', () => {
  it('no module but zod.ts imports a value from zod', () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '../../../packages/domain/src');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) files.push(join(dir, e.name));
      }
    };
    walk(root);
    const offenders = files
      .filter((f) => relative(root, f) !== 'zod.ts')
      .filter((f) => /^import\s+(?!type\b)[^;]*from\s+'zod(\/[^']*)?';/m.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });
});
