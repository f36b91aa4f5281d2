import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckDigit } from '../../core/validators/index.ts';
import { TEST_ENGINES } from '../../test/db.ts';
import { pdfText } from '../../test/pdf.ts';
import { createTestApp, type Session, signInAs, type TestApp } from '../../test/server.ts';
import { findPublishedVersion } from '../catalog/catalog-store.ts';
import { demoItemId } from '../catalog/catalog-testing.ts';

const ID_BODY = '51172319900101123';
const ID_NUMBER = ID_BODY + idNumberCheckDigit(ID_BODY);

describe.each(TEST_ENGINES)('case documents on %s', (engine) => {
  let t: TestApp;
  let clerk: Session;
  let approver: Session;
  let caseId: string;
  let caseNumber: string;
  let queryCode: string;

  const get = (s: Session, url: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  const post = (s: Session, url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: s.headers, payload });

  beforeAll(async () => {
    t = await createTestApp({ engine });
    t.setNow(new Date('2026-12-31T00:00:00Z'));
    clerk = await signInAs(t.app, 'county_clerk');
    approver = await signInAs(t.app, 'approver');
    t.setNow(new Date('2026-03-10T02:00:00Z'));
    const itemId = await demoItemId(t, '食品经营许可');
    const version = (await findPublishedVersion(t.ctx.db, itemId))!;
    // Only the first material: the window then owes the applicant a one-time notice of the rest.
    const res = await post(clerk, '/api/cases', {
      itemId,
      applicant: { kind: 'person', name: '文书测试人', idNumber: ID_NUMBER, phone: '13912345678' },
      materials: [version.materials[0]!.name],
    });
    expect(res.statusCode, res.body).toBe(201);
    ({ id: caseId, caseNumber, queryCode } = res.json());
  });
  afterAll(() => t?.close());

  it('prints the receipt with the case number, the query code and the masked applicant', async () => {
    const res = await get(clerk, `/api/cases/${caseId}/documents/receipt.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toContain('no-store');
    const { all } = await pdfText(res.rawPayload);
    expect(all).toContain(caseNumber);
    expect(all).toContain(queryCode);
    expect(all).toContain('文书测试人');
    expect(all).not.toContain(ID_NUMBER);
    expect(all).toContain('开江县政务服务中心');
  });

  it('lists only the documents the case has, and refuses one it does not have yet', async () => {
    const before = (await get(clerk, `/api/cases/${caseId}/documents`)).json() as { kind: string }[];
    expect(before.map((d) => d.kind)).toEqual(['receipt']);
    expect((await get(clerk, `/api/cases/${caseId}/documents/decision.pdf`)).json()).toMatchObject({
      status: 409,
      code: 'case.document_not_available',
    });
    expect((await get(clerk, `/api/cases/${caseId}/documents/nonsense.pdf`)).statusCode).toBe(400);
  });

  it('prints the one-time notice with every missing material, once it is issued', async () => {
    const missing = ['营业执照复印件（清晰）', '食品安全管理制度'];
    const res = await post(clerk, `/api/cases/${caseId}/actions/issue_notice`, { payload: { missing } });
    expect(res.statusCode, res.body).toBe(200);
    const pdf = await get(clerk, `/api/cases/${caseId}/documents/notice.pdf`);
    expect(pdf.statusCode).toBe(200);
    const { all } = await pdfText(pdf.rawPayload);
    for (const name of missing) expect(all).toContain(name);
    expect(all).toContain('一次性告知');
  });

  it('prints a fee receipt per fee with its receipt number', async () => {
    const fee = await post(clerk, `/api/cases/${caseId}/fees`, { name: '工本费', amountFen: 1050 });
    expect(fee.statusCode, fee.body).toBe(201);
    const { id, receiptNumber } = fee.json();
    const pdf = await get(clerk, `/api/cases/${caseId}/documents/fee_receipt.pdf?feeId=${id}`);
    expect(pdf.statusCode, pdf.body).toBe(200);
    const { all } = await pdfText(pdf.rawPayload);
    expect(all).toContain(receiptNumber);
    expect(all).toContain('10.50');
  });

  it('keeps documents from people outside the case', async () => {
    const outsider = await signInAs(t.app, 'puan_clerk');
    expect((await get(outsider, `/api/cases/${caseId}/documents/receipt.pdf`)).statusCode).toBe(404);
    expect((await get(approver, `/api/cases/${caseId}/documents/receipt.pdf`)).statusCode).toBe(200);
  });
});
