import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckDigit } from '../../core/validators/index.ts';
import { TEST_ENGINES } from '../../test/db.ts';
import { createTestApp, type Session, signInAs, type TestApp } from '../../test/server.ts';
import { findPublishedVersion } from '../catalog/catalog-store.ts';
import { demoItemId } from '../catalog/catalog-testing.ts';

const ID_BODY = '51172319780505201';
const PHONE = '13987654321';

describe.each(TEST_ENGINES)('applicant notifications on %s', (engine) => {
  let t: TestApp;
  let clerk: Session;
  let itemId: string;
  let materials: string[];

  beforeAll(async () => {
    t = await createTestApp({ engine });
    t.setNow(new Date('2026-12-31T00:00:00Z'));
    clerk = await signInAs(t.app, 'county_clerk');
    t.setNow(new Date('2026-03-10T02:00:00Z'));
    itemId = await demoItemId(t, '食品经营许可');
    materials = (await findPublishedVersion(t.ctx.db, itemId))!.materials.map((m) => m.name);
  });
  afterAll(() => t?.close());

  const smsOf = (caseId: string) =>
    t.ctx.db
      .selectFrom('notifications')
      .select(['template', 'recipient', 'channel', 'params'])
      .where('case_id', '=', caseId)
      .orderBy('created_at')
      .execute();

  async function register(materialNames: string[]) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: clerk.headers,
      payload: {
        itemId,
        applicant: {
          kind: 'person',
          name: '通知测试人',
          idNumber: ID_BODY + idNumberCheckDigit(ID_BODY),
          phone: PHONE,
        },
        materials: materialNames,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }

  const act = (id: string, action: string, payload: object = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/cases/${id}/actions/${action}`,
      headers: clerk.headers,
      payload: { payload },
    });

  it('texts the applicant at receipt, at the one-time notice and at acceptance, in the transition itself', async () => {
    const id = await register([materials[0]!]);
    expect((await smsOf(id)).map((m) => [m.template, m.recipient, m.channel])).toEqual([
      ['case_received', PHONE, 'sms'],
    ]);
    expect((await act(id, 'issue_notice', { missing: ['营业执照'] })).statusCode).toBe(200);
    expect((await act(id, 'supplement_received')).statusCode).toBe(200);
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${id}/actions/accept`,
      headers: clerk.headers,
      payload: { materials },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const sent = await smsOf(id);
    expect(sent.map((m) => m.template)).toEqual(['case_received', 'case_notice', 'case_accepted']);
    expect(sent[1]!.params).toMatchObject({ materials: ['营业执照'] });
    expect((sent[2]!.params as { dueDate: string }).dueDate).toMatch(/^2026-\d\d-\d\d$/);
  });

  it('queues nothing when the transition is refused', async () => {
    const id = await register(materials);
    const before = (await smsOf(id)).length;
    expect((await act(id, 'refuse', { reason: '' })).statusCode).toBe(400);
    expect((await act(id, 'close')).statusCode).toBe(409);
    expect((await smsOf(id)).length).toBe(before);
  });
});
