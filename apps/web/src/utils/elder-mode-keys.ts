/**
 * Where 长辈版 is remembered and the class it puts on <html> (utils/elder-mode.ts). Apart, with no imports, because
 * the first pages' boot script (vite.config.ts) sets the class too, before the page rendered into the HTML is
 * painted: a 长辈版 visitor does not see the standard size first.
 */
export const ELDER_MODE_KEY = 'ausm.elderMode';
export const ELDER_CLASS = 'elder-mode';
