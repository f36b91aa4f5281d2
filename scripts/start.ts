// `npm start`: builds the web app when it is missing or older than its sources, then runs the server.
import { ensureWebBuilt } from './web-build.ts';

await ensureWebBuilt(console.log);
await import('../server/main.ts');
