import { maskPhone } from '../../core/org/pii.ts';

export type NotificationChannel = 'sms' | 'in_app';
export const NOTIFICATION_CHANNELS: readonly NotificationChannel[] = ['sms', 'in_app'];

/** A claimed outbox row as a sender gets it. */
export interface OutgoingMessage {
  id: string;
  channel: NotificationChannel;
  /** The person's id (in_app) or the mobile number (sms). */
  recipient: string;
  template: string;
  params: Record<string, unknown>;
  /** The Chinese text to send. */
  text: string;
  caseId: string | null;
  countyCode: string;
  orgCode: string;
  /** 1 for the first try. */
  attempt: number;
}

/**
 * Delivers the messages of one channel. `send` resolves once the message is handed over; a rejection is a
 * failed attempt (retried with backoff, up to the limit). A sender must be safe to call again for the same
 * message id: a crash between sending and recording can make the outbox send twice (at-least-once).
 */
export interface NotificationSender {
  channel: NotificationChannel;
  /** Shown in logs and the docs: 'in_app', 'sms-outbox', 'sms-http', … */
  name: string;
  send(message: OutgoingMessage): Promise<void>;
}

/** In-app messages are their rows: the inbox reads them, the live stream has pushed them already. */
export function inAppSender(): NotificationSender {
  return { channel: 'in_app', name: 'in_app', send: async () => {} };
}

/**
 * The default SMS sender for demos and development: nothing leaves the machine. The message is marked
 * sent, logged with the number masked, and shown in the console's outbox view.
 */
export function smsOutboxSender(log: (line: string) => void = () => {}): NotificationSender {
  return {
    channel: 'sms',
    name: 'sms-outbox',
    async send(m) {
      log(`sms-outbox: ${maskPhone(m.recipient)} ← ${m.text}`);
    },
  };
}

/** Where a real SMS gateway is: a generic HTTP JSON POST, configured, never coded per provider. */
export interface SmsHttpConfig {
  url: string;
  /** Sent as the value of `tokenHeader` (e.g. "Bearer abc…"); absent when the gateway needs none. */
  token: string | null;
  tokenHeader: string;
  /**
   * The JSON body with placeholders: in any string, {phone} {text} {template} {id} {caseNumber} are
   * replaced by the message's values; a string that is exactly "{params}" becomes the parameters object.
   */
  body: unknown;
  timeoutMs: number;
}

export const DEFAULT_SMS_BODY = { phone: '{phone}', text: '{text}', template: '{template}', id: '{id}' };

/** Reads BIANMIN_SMS_* from the environment; null (the outbox sender) when no URL is set. */
export function loadSmsConfig(env: NodeJS.ProcessEnv): SmsHttpConfig | null {
  const url = env.BIANMIN_SMS_URL?.trim();
  if (!url) return null;
  if (!/^https?:\/\//i.test(url)) throw new Error(`BIANMIN_SMS_URL must be an http(s) URL, got "${url}"`);
  let body: unknown = DEFAULT_SMS_BODY;
  if (env.BIANMIN_SMS_BODY?.trim()) {
    try {
      body = JSON.parse(env.BIANMIN_SMS_BODY);
    } catch (error) {
      throw new Error(`BIANMIN_SMS_BODY is not valid JSON: ${(error as Error).message}`);
    }
  }
  const timeoutMs = Number(env.BIANMIN_SMS_TIMEOUT_MS ?? 10_000);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new Error('BIANMIN_SMS_TIMEOUT_MS must be a positive whole number of milliseconds');
  }
  return {
    url,
    token: env.BIANMIN_SMS_TOKEN || null,
    tokenHeader: env.BIANMIN_SMS_TOKEN_HEADER?.trim() || 'Authorization',
    body,
    timeoutMs,
  };
}

/** The configured body with the message's values put in. */
export function smsBody(template: unknown, m: OutgoingMessage): unknown {
  const values: Record<string, string> = {
    phone: m.recipient,
    text: m.text,
    template: m.template,
    id: m.id,
    caseNumber: typeof m.params.caseNumber === 'string' ? m.params.caseNumber : '',
  };
  const walk = (node: unknown): unknown => {
    if (node === '{params}') return m.params;
    if (typeof node === 'string') return node.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    }
    return node;
  };
  return walk(template);
}

/** POSTs each SMS as JSON to the configured gateway; any answer but 2xx is a failed attempt. */
export function smsHttpSender(config: SmsHttpConfig): NotificationSender {
  return {
    channel: 'sms',
    name: 'sms-http',
    async send(m) {
      const headers: Record<string, string> = {
        'content-type': 'application/json; charset=utf-8',
        // Gateways that deduplicate can use it: a retry carries the same key.
        'idempotency-key': m.id,
      };
      if (config.token) headers[config.tokenHeader] = config.token;
      const res = await fetch(config.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(smsBody(config.body, m)),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      if (!res.ok) {
        const text = (await res.text().catch(() => '')).slice(0, 200);
        throw new Error(`HTTP ${res.status}${text ? `: ${text}` : ''}`);
      }
      // Drain the body so the connection can be reused.
      await res.arrayBuffer().catch(() => undefined);
    },
  };
}
