import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUIDE_FIELDS } from '../../core/catalog/guide.ts';
import { TEST_ENGINES } from '../../test/db.ts';
import { createTestApp, type Session, signInAs, type TestApp } from '../../test/server.ts';
import { XLSX_TYPE } from './catalog-excel.ts';
import { listProxies, listVersions, listWindows } from './catalog-store.ts';
import { as } from './catalog-testing.ts';

async function workbookOf(data: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  return workbook;
}

async function bufferOf(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Column number of a header in the first row. */
function column(sheet: ExcelJS.Worksheet, header: string): number {
  let found = 0;
  sheet.getRow(1).eachCell((cell, col) => {
    if (cell.text === header) found = col;
  });
  expect(found, header).toBeGreaterThan(0);
  return found;
}

/** Every item with its current version's guide, windows and proxies, keyed by implementation code. */
async function snapshot(t: TestApp) {
  const items = await t.ctx.db.selectFrom('catalog_items').selectAll().execute();
  const out = new Map<string, unknown>();
  for (const item of items) {
    const [version] = await listVersions(t.ctx.db, item.id);
    out.set(item.implementation_code, {
      departmentCode: item.department_code,
      level: item.level,
      basicCode: item.basic_code,
      guide: Object.fromEntries(GUIDE_FIELDS.map((f) => [f, version![f]])),
      windows: (await listWindows(t.ctx.db, [item.id])).map((w) => w.code),
      proxies: (await listProxies(t.ctx.db, [item.id])).map((p) => p.code),
    });
  }
  return out;
}

describe.each(TEST_ENGINES)('catalog spreadsheets on %s', (engine) => {
  let t: TestApp;
  let admin: Session;
  let api: ReturnType<typeof as>;

  beforeAll(async () => {
    t = await createTestApp({ engine });
    admin = await signInAs(t.app, 'admin');
    api = as(t, admin);
  });
  afterAll(() => t?.close());

  const upload = (data: Buffer, query = '') =>
    api.raw('POST', `/api/catalog/import${query}`, XLSX_TYPE, data);

  it('offers a template with Chinese headers, an example row and a sheet explaining each column', async () => {
    const res = await api.get('/api/catalog/template.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    const workbook = await workbookOf(res.rawPayload);
    const [sheet, help] = workbook.worksheets;
    expect(sheet!.name).toBe('事项清单');
    expect(sheet!.getRow(1).getCell(1).text).toBe('实施编码');
    expect(sheet!.getRow(2).getCell(1).text).toMatch(/^示例-/);
    expect(sheet!.getRow(2).getCell(column(sheet!, '申请材料')).text).toContain(
      '个体工商户登记（备案）申请书|必要|原件|1|申请人自备',
    );
    expect(help!.name).toBe('填写说明');
    const explained = help!.getColumn(1).values.filter(Boolean);
    expect(explained).toEqual(expect.arrayContaining(['实施编码', '申请材料', '主题', '跑动次数']));
    // The template alone imports nothing: its example row is never imported.
    const empty = await upload(res.rawPayload);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('catalog.import_malformed');
  });

  it('refuses a malformed spreadsheet with a clear problem', async () => {
    const junk = await upload(Buffer.from('PK\u0003\u0004 this is not a workbook'));
    expect(junk.statusCode).toBe(400);
    expect(junk.json()).toMatchObject({ code: 'catalog.import_malformed', title: '表格无法读取' });
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('事项清单').addRow(['实施编码', '事项名称']);
    const headers = await upload(await bufferOf(workbook));
    expect(headers.json().code).toBe('catalog.import_malformed');
    expect(headers.json().detail).toContain('基本编码');
    expect(headers.json().errors).toContainEqual(
      expect.objectContaining({ field: 'basicCode', code: 'catalog.column_missing' }),
    );
    const json = await api.post('/api/catalog/import', { rows: [] });
    expect(json.statusCode).toBe(415);
  });

  it('imports nothing when one row is wrong, naming row, column and problem', async () => {
    const exported = await api.get('/api/catalog/export.xlsx?department=511723-2');
    const workbook = await workbookOf(exported.rawPayload);
    const sheet = workbook.worksheets[0]!;
    const codeCol = column(sheet, '实施编码');
    const rows = sheet.rowCount;
    expect(rows).toBeGreaterThanOrEqual(3);
    for (let r = 2; r <= rows; r++) sheet.getRow(r).getCell(codeCol).value = `IMPORT-${engine}-${r}`;
    sheet.getRow(3).getCell(column(sheet, '申请材料')).value = '申请书|必要|原件|两|申请人自备';
    sheet.getRow(3).getCell(column(sheet, '主题')).value = '开办企业、登月';
    sheet.getRow(2).getCell(column(sheet, '实施主体代码')).value = '';
    const res = await upload(await bufferOf(workbook));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'catalog.import_invalid',
      title: '表格中有错误，未导入任何事项',
    });
    expect(res.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          row: 2,
          column: '实施主体代码',
          field: 'departmentCode',
          code: 'catalog.department_required',
        }),
        expect.objectContaining({
          row: 3,
          column: '申请材料',
          field: 'materials[0].copies',
          code: 'catalog.copies_invalid',
        }),
        expect.objectContaining({
          row: 3,
          column: '主题',
          field: 'themes[1]',
          code: 'catalog.theme_unknown',
        }),
      ]),
    );
    const stored = await t.ctx.db
      .selectFrom('catalog_items')
      .select('id')
      .where('implementation_code', 'like', 'IMPORT-%')
      .execute();
    expect(stored).toEqual([]);
  });

  it('exports only what the caller may see', async () => {
    const xinning = as(t, await signInAs(t.app, 'xinning_admin'));
    const sheet = (await workbookOf((await xinning.get('/api/catalog/export.xlsx')).rawPayload))
      .worksheets[0]!;
    const dept = column(sheet, '实施主体代码');
    const codes: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) codes.push(row.getCell(dept).text);
    });
    expect(codes).toContain('511723100-1');
    expect(codes.some((c) => c.startsWith('511723101'))).toBe(false);
  });

  it('round-trips: export, then import into a fresh database, gives the same items', async () => {
    const exported = await api.get('/api/catalog/export.xlsx');
    expect(exported.statusCode).toBe(200);
    const fresh = await createTestApp({ engine });
    try {
      // Cases and what hangs off them point at catalog versions; the fresh database has none of them.
      await sql`TRUNCATE catalog_files, catalog_item_windows, catalog_item_proxies, catalog_versions, catalog_items CASCADE`.execute(
        fresh.ctx.db,
      );
      const freshAdmin = as(fresh, await signInAs(fresh.app, 'admin'));
      const res = await freshAdmin.raw(
        'POST',
        '/api/catalog/import?submit=true',
        XLSX_TYPE,
        exported.rawPayload,
      );
      expect(res.statusCode, res.body.slice(0, 2000)).toBe(200);
      const before = await snapshot(t);
      expect(res.json()).toMatchObject({ created: before.size, updated: 0 });
      const after = await snapshot(fresh);
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [code, item] of before) expect(after.get(code), code).toEqual(item);
      const statuses = await fresh.ctx.db
        .selectFrom('catalog_versions')
        .select('status')
        .distinct()
        .execute();
      expect(statuses).toEqual([{ status: 'review' }]);

      // Importing the same sheet again: each item already has a version under review.
      const again = await freshAdmin.raw('POST', '/api/catalog/import', XLSX_TYPE, exported.rawPayload);
      expect(again.statusCode).toBe(400);
      expect(again.json().errors[0]).toMatchObject({
        row: 2,
        column: '实施编码',
        code: 'catalog.draft_exists',
      });
    } finally {
      await fresh.close();
    }
  });

  it('adds a new draft to an item it already has', async () => {
    const exported = await api.get('/api/catalog/export.xlsx?q=gtgsh');
    const workbook = await workbookOf(exported.rawPayload);
    const sheet = workbook.worksheets[0]!;
    sheet.getRow(2).getCell(column(sheet, '承诺时限')).value = '即办';
    sheet.getRow(2).getCell(column(sheet, '常见问题')).value = '要带公章吗？|个体工商户不需要公章。';
    const res = await upload(await bufferOf(workbook));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, updated: 1 });
    const version = (await api.get(`/api/catalog/versions/${res.json().items[0].versionId}`)).json();
    expect(version).toMatchObject({ version: 2, status: 'draft', faq: [{ question: '要带公章吗？' }] });
    const audit = (await api.get(`/api/audit?action=catalog.import&entityId=${version.id}`)).json();
    expect(audit.total).toBe(1);
  });
});
