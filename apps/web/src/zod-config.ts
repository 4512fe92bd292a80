import { z } from 'zod';

// Zod 4 compiles object schemas with `new Function` when it may; it finds out by trying once, which
// under the platform's CSP (script-src 'self', no 'unsafe-eval') is refused and reported as a
// violation. The forms are small: parse without the compiler, and never ask for eval.
z.config({ jitless: true });
