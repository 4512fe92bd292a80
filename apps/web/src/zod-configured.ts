// What `import … from 'zod'` means in the web build (vite.config.ts aliases 'zod' to this file), so that
// zod is configured before any schema parses and yet loaded only by the pages that use it (the home
// page's first load carries none of it).
//
// Zod 4 compiles object schemas with `new Function` when it may; it finds out by trying once, which
// under the platform's CSP (script-src 'self', no 'unsafe-eval') is refused and reported as a
// violation. The forms are small: parse without the compiler, and never ask for eval.
import * as z4 from 'zod/v4';

z4.config({ jitless: true });

export * from 'zod/v4';
export default z4;
