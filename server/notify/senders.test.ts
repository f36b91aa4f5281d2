import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../config.ts';
import { loadSmsConfig, type OutgoingMessage, smsBody, smsHttpSender, smsOutboxSender } from './senders.ts';
import { renderTemplate, TEMPLATE_CODES, type TemplateParams } from './templates.ts';

const message: OutgoingMessage = {
  id: '7d0f3c2e-7a43-4c3f-9a55-2b1f3a0b9c11',
  channel: 'sms',
  recipient: '13800138000',
  template: 'case_accepted',
  params: { caseNumber: '511723100-1-20260310-0001', dueDate: '2026-04-08' },
  text: '您的办件511723100-1-20260310-0001已受理，预计2026-04-08前办结。',
  caseId: null,
  countyCode: '511723',
  orgCode: '511723100-1',
  attempt: 1,
};

describe('SMS gateway configuration', () => {
  test('no URL: the outbox sender (null config)', () => {
    expect(loadSmsConfig({})).toBeNull();
    expect(loadConfig({ BIANMIN_DATA_DIR: '/tmp/bianmin-notify-test', BIANMIN_SECRET: 'x' }).sms).toBeNull();
  });

  test('URL, token, header, body and timeout from the environment', () => {
    const config = loadSmsConfig({
      BIANMIN_SMS_URL: 'https://sms.example.cn/send',
      BIANMIN_SMS_TOKEN: 'Bearer abc',
      BIANMIN_SMS_TOKEN_HEADER: 'X-Api-Key',
      BIANMIN_SMS_BODY: '{"mobile":"{phone}","content":"【开江便民】{text}"}',
      BIANMIN_SMS_TIMEOUT_MS: '3000',
    });
    expect(config).toEqual({
      url: 'https://sms.example.cn/send',
      token: 'Bearer abc',
      tokenHeader: 'X-Api-Key',
      body: { mobile: '{phone}', content: '【开江便民】{text}' },
      timeoutMs: 3000,
    });
    expect(loadSmsConfig({ BIANMIN_SMS_URL: 'http://gw/' })).toMatchObject({
      token: null,
      tokenHeader: 'Authorization',
      timeoutMs: 10_000,
    });
  });

  test('bad settings stop the start with a message that names them', () => {
    expect(() => loadSmsConfig({ BIANMIN_SMS_URL: 'ftp://gw' })).toThrow(/BIANMIN_SMS_URL/);
    expect(() => loadSmsConfig({ BIANMIN_SMS_URL: 'http://gw', BIANMIN_SMS_BODY: '{phone' })).toThrow(
      /BIANMIN_SMS_BODY/,
    );
    expect(() => loadSmsConfig({ BIANMIN_SMS_URL: 'http://gw', BIANMIN_SMS_TIMEOUT_MS: '0' })).toThrow(
      /BIANMIN_SMS_TIMEOUT_MS/,
    );
  });

  test('the body template: placeholders in strings, "{params}" as the whole object, JSON-safe text', () => {
    const body = smsBody(
      {
        to: ['{phone}'],
        sign: '便民',
        text: '{text}',
        tpl: { code: '{template}', vars: '{params}' },
        ref: '{caseNumber}/{id}/{unknown}',
        n: 1,
      },
      { ...message, text: 'say "hi"\n{phone}' },
    );
    expect(body).toEqual({
      to: ['13800138000'],
      sign: '便民',
      text: 'say "hi"\n{phone}',
      tpl: { code: 'case_accepted', vars: message.params },
      ref: `511723100-1-20260310-0001/${message.id}/{unknown}`,
      n: 1,
    });
  });
});

describe('the SMS senders', () => {
  let server: Server;
  let url: string;
  let status = 200;
  const seen: { headers: IncomingHttpHeaders; body: unknown }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => {
        text += c.toString('utf8');
      });
      req.on('end', () => {
        seen.push({ headers: req.headers, body: JSON.parse(text) });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(status === 200 ? '{"ok":true}' : '{"error":"quota exceeded"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  test('sms-http POSTs the configured JSON with the token header', async () => {
    const sender = smsHttpSender({
      url,
      token: 'secret-token',
      tokenHeader: 'X-Token',
      body: { mobile: '{phone}', content: '{text}' },
      timeoutMs: 2000,
    });
    await sender.send(message);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.body).toEqual({ mobile: '13800138000', content: message.text });
    expect(seen[0]!.headers['x-token']).toBe('secret-token');
    expect(seen[0]!.headers['idempotency-key']).toBe(message.id);
    expect(seen[0]!.headers['content-type']).toMatch(/^application\/json/);
  });

  test('an answer other than 2xx is a failed attempt carrying the gateway’s words', async () => {
    status = 503;
    const sender = smsHttpSender({
      url,
      token: null,
      tokenHeader: 'Authorization',
      body: {},
      timeoutMs: 2000,
    });
    await expect(sender.send(message)).rejects.toThrow('HTTP 503: {"error":"quota exceeded"}');
    expect(seen.at(-1)!.headers.authorization).toBeUndefined();
    status = 200;
  });

  test('an unreachable gateway is a failed attempt', async () => {
    const sender = smsHttpSender({
      url: 'http://127.0.0.1:9/nothing',
      token: null,
      tokenHeader: 'Authorization',
      body: {},
      timeoutMs: 2000,
    });
    await expect(sender.send(message)).rejects.toThrow();
  });

  test('sms-outbox only logs, with the number masked', async () => {
    const lines: string[] = [];
    await smsOutboxSender((l) => lines.push(l)).send(message);
    expect(lines).toEqual([`sms-outbox: 138****8000 ← ${message.text}`]);
  });
});

describe('templates', () => {
  const caseNumber = '511723100-1-20260310-0001';
  const samples: { [K in keyof TemplateParams]: TemplateParams[K] } = {
    case_received: { caseNumber, itemName: '个体工商户设立登记', queryUrl: 'https://kj.gov.cn/q' },
    case_notice: { caseNumber, materials: ['身份证复印件', '经营场所证明'] },
    case_accepted: { caseNumber, dueDate: '2026-04-08' },
    case_refused: { caseNumber, reason: '不属于本机关职权范围' },
    case_decided: { caseNumber, outcome: 'approved' },
    case_ready_for_pickup: { caseNumber, place: '新宁镇便民服务中心1号窗口' },
    case_closed: { caseNumber },
    proxy_step: { caseNumber, step: '受理' },
    urge: { caseNumber, by: '县效能办' },
    urge_answered: { caseNumber, by: '新宁镇便民服务中心 李窗口', reply: '已联系申请人补正，明日办结' },
    urge_escalated: { caseNumber, handler: '新宁镇便民服务中心', replyBy: '2026-03-12' },
    warning: { caseNumber, clock: '承诺时限', light: 'overdue', deadline: '2026-03-20' },
    hotline_dispatched: { caseNumber, deadline: '2026-03-17 18:00' },
    rectification_opened: {
      caseNumber,
      level: 'very_dissatisfied',
      verifyBy: '2026-03-11',
      rectifyBy: '2026-03-31',
    },
  };

  test('every template has a Chinese and an English title and text, and names the case number', () => {
    for (const code of TEMPLATE_CODES) {
      for (const lang of ['zh-CN', 'en'] as const) {
        const r = renderTemplate(lang, code, samples[code]);
        expect(r.title, `${lang} ${code}`).not.toMatch(/^title\.|\{/);
        expect(r.text, `${lang} ${code}`).toContain(caseNumber);
        expect(r.text, `${lang} ${code}`).not.toMatch(/[{}]|text\./);
      }
    }
  });

  test('SMS texts stay within 70 characters with a full case number', () => {
    for (const code of TEMPLATE_CODES) {
      const { text } = renderTemplate('zh-CN', code, samples[code]);
      expect(text.length, `${code}: ${text}`).toBeLessThanOrEqual(70);
    }
  });

  test('coded values and lists are shown as words; braces in values stay as typed', () => {
    expect(renderTemplate('zh-CN', 'case_decided', { caseNumber: 'N', outcome: 'denied' }).text).toBe(
      '办件N已审批，结果：不予许可。',
    );
    expect(renderTemplate('en', 'case_notice', { caseNumber: 'N', materials: ['a', 'b'] }).text).toBe(
      'Case N needs these materials: a, b. Please hand them in together.',
    );
    expect(renderTemplate('zh-CN', 'case_refused', { caseNumber: 'N', reason: '缺{材料}' }).text).toBe(
      '办件N不予受理，原因：缺{材料}。详见不予受理通知书。',
    );
    expect(renderTemplate('zh-CN', 'urge', { caseNumber: 'N', by: '县效能办', note: '今天办结' }).text).toBe(
      '县效能办督办了办件N，请尽快办理。今天办结',
    );
  });
});
