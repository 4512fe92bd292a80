import { DEFAULT_DATA_DIR } from '../config';
import { openServerDatabase, runCreateAdmin } from '../modules/staff/create-admin';

// `npm run staff:create-admin -- --username … --authority <id> --name …` (README: the first administrator).
const code = await runCreateAdmin(process.argv.slice(2), process, {
  open: () => openServerDatabase(process.env, DEFAULT_DATA_DIR),
  clock: { now: () => new Date() },
});
process.exit(code);
