import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../test/pdf.ts';
import {
  CASE_DOCUMENT_KINDS,
  type CaseDocumentData,
  CaseDocumentDataError,
  type CaseDocumentKind,
  caseDocumentTitle,
  renderCaseDocument,
} from './case-document.ts';
import { SAMPLE_DOCUMENT_DATA } from './document-samples.ts';
import { chineseDate, chineseDateTime, yuan, yuanUppercase } from './format.ts';
import { QR_TAG, qrMatrix } from './layout.ts';

/** Decoded streams of the file, in object order. */
function streams(pdf: Buffer): string[] {
  const s = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of s.matchAll(/\d+ 0 obj/g)) {
    const streamAt = s.indexOf('stream', m.index);
    const endAt = s.indexOf('endobj', m.index);
    if (streamAt < 0 || (endAt >= 0 && endAt < streamAt)) continue;
    const dict = s.slice(m.index, streamAt);
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    if (!Number.isFinite(length)) continue;
    let start = streamAt + 'stream'.length;
    if (s[start] === '\r') start++;
    if (s[start] === '\n') start++;
    const raw = pdf.subarray(start, start + length);
    try {
      out.push((dict.includes('/FlateDecode') ? inflateSync(raw) : raw).toString('latin1'));
    } catch {
      // not a stream we can read (nor one we need)
    }
  }
  return out;
}

/** The QR code as drawn: rebuilds the module grid from the rectangles inside the QR marked content. */
function drawnQr(pdf: Buffer): { matrix: boolean[][]; count: number } {
  const sections = streams(pdf).flatMap((content) => {
    const found: string[] = [];
    for (
      let at = content.indexOf(`/${QR_TAG} BMC`);
      at >= 0;
      at = content.indexOf(`/${QR_TAG} BMC`, at + 1)
    ) {
      found.push(content.slice(at, content.indexOf('EMC', at)));
    }
    return found;
  });
  expect(sections.length).toBeGreaterThan(0);
  const rects = [...sections[0]!.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re/g)].map((m) =>
    m.slice(1, 5).map(Number),
  ) as [number, number, number, number][];
  const module = Math.min(...rects.map((r) => r[3]));
  const x0 = Math.min(...rects.map((r) => r[0]));
  const y0 = Math.min(...rects.map((r) => r[1]));
  const cells = rects.map(([x, y, w]) => ({
    row: Math.round((y - y0) / module),
    col: Math.round((x - x0) / module),
    width: Math.round(w / module),
  }));
  const size = Math.max(...cells.map((c) => c.col + c.width));
  const matrix = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const c of cells) for (let k = 0; k < c.width; k++) matrix[c.row]![c.col + k] = true;
  return { matrix, count: sections.length };
}

/** Decodes a module grid with an independent QR reader (jsQR), as a phone would read the print. */
function decodeQr(matrix: boolean[][]): string | null {
  const scale = 6;
  const quiet = 4;
  const side = (matrix.length + 2 * quiet) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  matrix.forEach((row, r) => {
    row.forEach((dark, c) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const i = (((r + quiet) * scale + dy) * side + (c + quiet) * scale + dx) * 4;
          pixels[i] = pixels[i + 1] = pixels[i + 2] = 0;
        }
      }
    });
  });
  return jsQR(pixels, side, side)?.data ?? null;
}

const sample = (kind: CaseDocumentKind): CaseDocumentData => structuredClone(SAMPLE_DOCUMENT_DATA[kind]);

/** Phrases each document must carry (the statute's words), besides the common facts. */
const LEGAL_PHRASES: Record<CaseDocumentKind, string[]> = {
  receipt: [
    '收件回执',
    '五个工作日内',
    '一次性告知',
    '逾期不告知的，自收到申请材料之日起即为受理',
    '不作为受理凭证',
    'K7PM3QX9',
  ],
  acceptance: [
    '受理通知书',
    '申请材料齐全、符合法定形式',
    '第三十二条第一款第（五）项',
    '决定予以受理',
    '2026年12月22日前办结',
  ],
  notice: [
    '补正材料一次性告知书',
    '一次性告知',
    '第三十二条第一款第（四）项',
    '补正期间不计算在办理期限内',
    '食品安全管理制度文本',
    '需标明比例及食品处理区面积',
  ],
  refusal: [
    '不予受理通知书',
    '决定不予受理',
    '不属于食品经营许可事项范围',
    '请向达州市市场监督管理局提出申请',
    '申请行政复议',
    '提起行政诉讼',
  ],
  special_procedure: [
    '特别程序告知书',
    '第四十五条',
    '检验所需时间不计算在办理期限内',
    '15个工作日',
    '2026年12月1日',
  ],
  extension: [
    '延长办理期限告知书',
    '第四十二条第一款',
    '负责人（李建国）批准',
    '延长10个工作日',
    '截止至2027年1月6日',
    '现场核查发现的问题需申请人整改后复查',
  ],
  decision: ['准予行政许可决定书', '第三十八条第一款', '决定准予行政许可', '十个工作日内', '同意发证'],
  fee_receipt: [
    '缴费凭证',
    '一票制',
    '工本费',
    '10.00',
    '350.50',
    '叁佰陆拾元伍角整',
    '¥360.50',
    '微信支付',
    '收款人',
  ],
};

const outDir = process.env.BIANMIN_DOCS_OUT;

describe('case documents', () => {
  describe.each(CASE_DOCUMENT_KINDS)('%s', (kind) => {
    it('is a small PDF with the Chinese font embedded and the case facts and legal wording in it', async () => {
      const data = sample(kind);
      const pdf = await renderCaseDocument(kind, data);
      if (outDir) {
        mkdirSync(outDir, { recursive: true });
        writeFileSync(path.join(outDir, `${kind}.pdf`), pdf);
      }
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.subarray(-6).toString()).toContain('%%EOF');
      const raw = pdf.toString('latin1');
      // A subset of Noto Serif SC is embedded (six-letter tag + name), never the 14 MB font itself.
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifSC-Regular/);
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifSC-Bold/);
      expect(raw).toContain('/FontFile2');
      expect(pdf.length).toBeLessThan(120_000);

      const { all, pages } = await pdfText(pdf);
      expect(pages).toHaveLength(1);
      expect(all).toContain(data.issuingOrg);
      expect(all).toContain(caseDocumentTitle(kind, data));
      expect(all).toContain(data.caseNumber);
      expect(all).toContain(data.itemName);
      expect(all).toContain(data.applicant.name);
      expect(all).toContain(data.applicant.identifier!);
      expect(all).toContain(data.applicant.phone!);
      expect(all).toContain('扫码查询办理进度');
      expect(all).toContain('（印章）');
      expect(all).toContain(data.handlerName);
      expect(all).toContain('0818-8221234');
      for (const phrase of LEGAL_PHRASES[kind]) expect(all, phrase).toContain(phrase);
    });

    it('draws a QR code that reads back as the progress URL', async () => {
      const data = sample(kind);
      const { matrix, count } = drawnQr(await renderCaseDocument(kind, data));
      expect(count).toBe(1);
      expect(matrix).toEqual(qrMatrix(data.progressUrl));
      expect(decodeQr(matrix)).toBe(data.progressUrl);
    });
  });

  it('encodes whatever URL it is given, not a fixed one', async () => {
    const data = sample('acceptance');
    data.progressUrl = 'https://example.org/p/511723-2-20270102-0001?x=1';
    const { matrix } = drawnQr(await renderCaseDocument('acceptance', data));
    expect(decodeQr(matrix)).toBe(data.progressUrl);
    expect(decodeQr(matrix)).not.toBe(SAMPLE_DOCUMENT_DATA.acceptance.progressUrl);
  });

  it('prints the receipt URL and omits the query code line when there is none', async () => {
    const data = sample('receipt');
    data.queryCode = null;
    const { all } = await pdfText(await renderCaseDocument('receipt', data));
    expect(all).not.toContain('查询码');
    expect(all).toContain(data.progressUrl);
    const withCode = await pdfText(await renderCaseDocument('receipt', sample('receipt')));
    expect(withCode.all).toContain('查询码K7PM3QX9');
    expect(withCode.all).toContain('查询码不会再次显示');
  });

  it('states the reason and the remedies of a denial', async () => {
    const data = sample('decision');
    data.decision = {
      outcome: 'denied',
      reason: '经营场所与污染源的距离不符合食品安全要求。',
      remedies: '可以自收到本决定书之日起六十日内向开江县人民政府申请行政复议',
    };
    expect(caseDocumentTitle('decision', data)).toBe('不予行政许可决定书');
    const { all } = await pdfText(await renderCaseDocument('decision', data));
    expect(all).toContain('不予行政许可决定书');
    expect(all).toContain('第三十八条第二款');
    // The reason's own full stop is not doubled; the remedies sentence gets one.
    expect(all).toContain('不符合食品安全要求。根据');
    expect(all).toContain('如对本决定不服，可以依法申请行政复议或者提起行政诉讼。');
    expect(all).toContain('开江县人民政府申请行政复议。');
    expect(all).not.toContain('准予行政许可');
  });

  it('cites the licensing law only for licensing items', async () => {
    const data = sample('decision');
    data.itemType = 'public_service';
    expect(caseDocumentTitle('decision', data)).toBe('准予办理决定书');
    const { all } = await pdfText(await renderCaseDocument('decision', data));
    expect(all).toContain('决定准予办理');
    expect(all).not.toContain('行政许可法');
    const refusal = sample('refusal');
    refusal.itemType = 'public_service';
    const text = (await pdfText(await renderCaseDocument('refusal', refusal))).all;
    expect(text).toContain('决定不予受理');
    expect(text).not.toContain('行政许可法');
    expect(text).not.toContain('可以依法申请行政复议或者提起行政诉讼。');
  });

  it('runs a long list over several pages, numbered, with the QR code once on the last page', async () => {
    const data = sample('receipt');
    data.materials = Array.from({ length: 45 }, (_, i) => ({
      name: `申请材料第${i + 1}项`,
      form: '原件',
      copies: 1,
    }));
    const pdf = await renderCaseDocument('receipt', data);
    const { pages } = await pdfText(pdf);
    expect(pages.length).toBeGreaterThan(1);
    for (const [i, page] of pages.entries()) expect(page).toContain(`第${i + 1}页共${pages.length}页`);
    // The table header repeats on each page that continues the list.
    expect(pages[1]).toContain('材料名称');
    expect(pages.at(-1)).toContain('扫码查询办理进度');
    expect(pages[0]).not.toContain('扫码查询办理进度');
    expect(pages.join('')).toContain('申请材料第45项');
    expect(drawnQr(pdf).count).toBe(1);
  });

  it('uses a document number given by the caller', async () => {
    const data = sample('acceptance');
    data.documentNumber = '开市监食受〔2026〕88号';
    expect((await pdfText(await renderCaseDocument('acceptance', data))).all).toContain(
      '开市监食受〔2026〕88号',
    );
    const dflt = (await pdfText(await renderCaseDocument('acceptance', sample('acceptance')))).all;
    expect(dflt).toContain('受〔2026〕511723-1-20261123-0007号');
  });

  describe('bad input', () => {
    const fails = async (kind: CaseDocumentKind, data: CaseDocumentData, ...fields: string[]) => {
      const error = await renderCaseDocument(kind, data).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CaseDocumentDataError);
      const e = error as CaseDocumentDataError;
      expect(e.kind).toBe(kind);
      for (const field of fields) {
        expect(e.fields.some((f) => f.startsWith(`${field} `))).toBe(true);
        expect(e.message).toContain(field);
      }
      return e;
    };

    it('refuses a kind without the data it prints, naming every missing field', async () => {
      await fails('refusal', { ...sample('refusal'), refusal: null }, 'refusal.reason', 'refusal.remedies');
      await fails('notice', { ...sample('notice'), missingMaterials: [] }, 'missingMaterials');
      await fails(
        'receipt',
        { ...sample('receipt'), receivedAt: null, materials: null },
        'receivedAt',
        'materials',
      );
      await fails(
        'acceptance',
        { ...sample('acceptance'), expectedCompletion: undefined },
        'expectedCompletion',
      );
      await fails(
        'special_procedure',
        {
          ...sample('special_procedure'),
          specialProcedure: { kind: '考试' as never, expectedDuration: { value: 0, unit: 'working_days' } },
        },
        'specialProcedure.kind',
        'specialProcedure.expectedDuration',
      );
      await fails(
        'extension',
        {
          ...sample('extension'),
          extension: { days: 2.5, reason: '', approvedBy: '张三', newDeadline: '明天' },
        },
        'extension.days',
        'extension.reason',
        'extension.newDeadline',
      );
      await fails(
        'decision',
        { ...sample('decision'), decision: { outcome: 'denied', reason: '不符合条件' } },
        'decision.remedies',
      );
      await fails('decision', { ...sample('decision'), decision: null }, 'decision.outcome');
    });

    it('refuses fees that are not whole fen and an empty fee list', async () => {
      const data = sample('fee_receipt');
      data.fee!.lines = [
        { name: '工本费', amountFen: 10.5 },
        { name: '', amountFen: -1 },
      ];
      await fails(
        'fee_receipt',
        data,
        'fee.lines[0].amountFen',
        'fee.lines[1].name',
        'fee.lines[1].amountFen',
      );
      await fails(
        'fee_receipt',
        { ...sample('fee_receipt'), fee: null },
        'fee.receiptNumber',
        'fee.payer',
        'fee.lines',
      );
    });

    it('refuses unmasked personal data, bad dates and URLs, and unknown kinds', async () => {
      const data = sample('receipt');
      data.applicant = { ...data.applicant, identifier: '511723198501011234', phone: '13912345678' };
      data.issuedAt = '2026-11-23 10:00';
      data.progressUrl = 'javascript:alert(1)';
      await fails('receipt', data, 'applicant.identifier', 'applicant.phone', 'issuedAt', 'progressUrl');
      await fails(
        'decision',
        { ...sample('decision'), caseNumber: ' ', itemName: '' },
        'caseNumber',
        'itemName',
      );
      await expect(renderCaseDocument('licence' as CaseDocumentKind, sample('receipt'))).rejects.toThrow(
        CaseDocumentDataError,
      );
    });

    it('prints an enterprise credit code as is', async () => {
      const { all } = await pdfText(await renderCaseDocument('fee_receipt', sample('fee_receipt')));
      expect(all).toContain('统一社会信用代码');
      expect(all).toContain('92511723MA6XYZ1234');
    });
  });
});

describe('document formats', () => {
  it('prints Shanghai dates without leading zeros', () => {
    expect(chineseDate('2026-11-03')).toBe('2026年11月3日');
    // 16:30 UTC is already the next day in Shanghai.
    expect(chineseDate('2026-11-23T16:30:00Z')).toBe('2026年11月24日');
    expect(chineseDate('2026-12-22T15:59:59.999Z')).toBe('2026年12月22日');
    expect(chineseDateTime('2026-11-23T01:05:00Z')).toBe('2026年11月23日 09:05');
    expect(chineseDateTime('2026-11-23T09:05:00+08:00')).toBe('2026年11月23日 09:05');
    expect(() => chineseDate('23/11/2026')).toThrow(RangeError);
  });

  it('prints amounts in yuan and in Chinese uppercase', () => {
    expect(yuan(0)).toBe('0.00');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(36050)).toBe('360.50');
    expect(() => yuan(1.5)).toThrow(RangeError);
    expect(() => yuan(-1)).toThrow(RangeError);
    const cases: [number, string][] = [
      [0, '零元整'],
      [5, '伍分'],
      [50, '伍角整'],
      [100, '壹元整'],
      [1000, '壹拾元整'],
      [36050, '叁佰陆拾元伍角整'],
      [100005, '壹仟元零伍分'],
      [100105, '壹仟零壹元零伍分'],
      [1005000, '壹万零伍拾元整'],
      [10000500, '壹拾万零伍元整'],
      [1000000000, '壹仟万元整'],
      [10000000500, '壹亿零伍元整'],
      [11000000000, '壹亿壹仟万元整'],
      [12345678912, '壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分'],
    ];
    for (const [fen, upper] of cases) expect(yuanUppercase(fen), String(fen)).toBe(upper);
  });
});
