import { buildApp } from '../server/app.ts';
import { bootstrap } from '../server/bootstrap.ts';
import type { Config } from '../server/config.ts';
import { type AppContext, createContext } from '../server/context.ts';
import type { Engine } from '../server/db/database.ts';
import type { App } from '../server/http/types.ts';
import { DEMO_PASSWORD } from '../server/org/demo-seed.ts';
import { freshDatabase } from './db.ts';

export interface TestApp {
  app: App;
  ctx: AppContext;
  /** Moves the platform clock; tests never wait for real time. */
  setNow(now: Date): void;
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: null,
    dataDir: '',
    demo: true,
    demoCounty: '511723',
    cookieSecret: 'test-secret-test-secret-test-secret',
    secureCookies: false,
    version: 'test',
    logLevel: 'silent',
    ...overrides,
  };
}

/** The real app on a fresh database of `engine`, bootstrapped like a first start (demo county by default). */
export async function createTestApp(
  opts: { engine?: Engine; config?: Partial<Config> } = {},
): Promise<TestApp> {
  const database = await freshDatabase(opts.engine ?? 'pglite');
  let now: Date | null = null;
  const ctx = createContext(database, testConfig(opts.config), () => now ?? new Date());
  await bootstrap(ctx);
  const app = await buildApp(ctx);
  await app.ready();
  return {
    app,
    ctx,
    setNow(value) {
      now = value;
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** The real server listening on loopback with a random port, serving the built web app. */
export async function startTestServer(
  opts: { engine?: Engine; config?: Partial<Config> } = {},
): Promise<TestApp & { url: string }> {
  const test = await createTestApp(opts);
  const address = await test.app.listen({ port: 0, host: '127.0.0.1' });
  return { ...test, url: address };
}

export interface Session {
  cookie: string;
  csrfToken: string;
  /** Headers for a write: the session and CSRF cookies plus the x-csrf-token header. */
  headers: Record<string, string>;
}

/** Signs in through the API as a person (demo password by default). */
export async function signInAs(app: App, username: string, password = DEMO_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrfToken = res.json().csrfToken as string;
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}
