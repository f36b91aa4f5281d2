import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name.endsWith('.test.ts')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function builtAt(): number {
  try {
    return statSync(path.join(WEB_DIR, 'dist', 'index.html')).mtimeMs;
  } catch {
    return 0;
  }
}

/** Builds web/dist when it is missing or older than the web sources; `npm start` and browser tests use it. */
export async function ensureWebBuilt(log: (msg: string) => void = () => {}): Promise<void> {
  if (builtAt() >= newestSource(WEB_DIR)) return;
  log('building the web app (web/dist)…');
  const { build } = await import('vite');
  await build({ configFile: path.join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn' });
}
