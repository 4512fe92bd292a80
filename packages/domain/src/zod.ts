// The one zod of the domain's schemas: configured with the Chinese messages (zod-messages.ts) before any of them
// parses. Every module of the domain that builds a schema imports z from here, not from 'zod', so that a page that
// loads no schema loads no zod (package.json lists this file as the package's only side effect).
import { z } from 'zod';
import { chineseZodMessage } from './zod-messages';

z.config({ customError: chineseZodMessage });

export { z };
