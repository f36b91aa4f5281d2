// `npm start`: builds the web app when it is missing or older than its sources, then runs the server.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

const webDir = path.resolve('web');
const built = path.join(webDir, 'dist', 'index.html');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function builtAt(): number {
  try {
    return statSync(built).mtimeMs;
  } catch {
    return 0;
  }
}

if (builtAt() < newestSource(webDir)) {
  console.log('building the web app (web/dist)…');
  await build({ configFile: path.join(webDir, 'vite.config.ts'), logLevel: 'warn' });
}
await import('../server/main.ts');
