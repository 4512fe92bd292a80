import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The one CJK font of every printed document: Noto Sans SC Regular (SIL Open Font License 1.1), as
 * the npm package @expo-google-fonts/noto-sans-sc ships it. It is a TrueType (glyf) font, which
 * fontkit subsets reliably, so a page carries only the glyphs it uses. Read from node_modules once,
 * never fetched at run time.
 */
const FONT_FILE = '400Regular/NotoSansSC_400Regular.ttf';

let cached: Uint8Array | null = null;

export function cjkFontBytes(): Uint8Array {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
    cached = new Uint8Array(readFileSync(join(dir, FONT_FILE)));
  }
  return cached;
}
