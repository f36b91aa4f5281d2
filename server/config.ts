import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadSmsConfig, type SmsHttpConfig } from './notify/senders.ts';

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; when absent the embedded PGlite database under dataDir is used. */
  databaseUrl: string | null;
  dataDir: string;
  /** Demo mode: seeds demo accounts with a published password and does not force a password change. */
  demo: boolean;
  /** County imported and seeded on first start. */
  demoCounty: string;
  cookieSecret: string;
  /** Secure cookies need HTTPS; behind a TLS-terminating proxy set BIANMIN_SECURE_COOKIES=1. */
  secureCookies: boolean;
  version: string;
  logLevel: string;
  /**
   * The address residents reach the portal at (BIANMIN_PUBLIC_URL, e.g. https://bianmin.example.gov.cn),
   * printed as QR codes on documents; absent: taken from each request's host.
   */
  publicUrl?: string | null;
  /** The SMS gateway (BIANMIN_SMS_URL, …; see docs/notify.md); absent: SMS stay in the console outbox. */
  sms?: SmsHttpConfig | null;
}

const VERSION = '0.1.0';

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

/** The cookie secret must survive restarts, or every session and CSRF token is void after one. */
function persistentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.BIANMIN_DATA_DIR ?? 'data');
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || null,
    dataDir,
    demo: flag(env.BIANMIN_DEMO, true),
    demoCounty: env.BIANMIN_DEMO_COUNTY ?? '511723',
    cookieSecret: env.BIANMIN_SECRET || persistentSecret(dataDir),
    secureCookies: flag(env.BIANMIN_SECURE_COOKIES, false),
    version: VERSION,
    logLevel: env.LOG_LEVEL ?? 'info',
    sms: loadSmsConfig(env),
    publicUrl: env.BIANMIN_PUBLIC_URL ? env.BIANMIN_PUBLIC_URL.replace(/\/+$/, '') : null,
  };
}
