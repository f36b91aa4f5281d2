/**
 * Drawing primitives for the case documents on pdfkit: the embedded Chinese font, A4 geometry, paragraphs,
 * bordered tables that break across pages, and the QR code drawn as vector rectangles.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/**
 * Noto Serif SC (思源宋体, SIL Open Font License 1.1) from the npm package @expo-google-fonts/noto-serif-sc:
 * full TrueType files, no system font needed. pdfkit embeds only the glyphs a document uses.
 */
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
} as const;

export const FONT = { regular: 'song', bold: 'song-bold' } as const;

let fontBytes: Promise<{ regular: Buffer; bold: Buffer }> | undefined;

/** Reads both font files once per process (≈30 MB); later documents reuse the bytes. */
export function loadFonts(): Promise<{ regular: Buffer; bold: Buffer }> {
  if (!fontBytes) {
    const require = createRequire(import.meta.url);
    fontBytes = Promise.all([
      readFile(require.resolve(FONT_FILES.regular)),
      readFile(require.resolve(FONT_FILES.bold)),
    ]).then(([regular, bold]) => ({ regular, bold }));
    // A failed read (package missing) is not cached: the next document tries again and says why.
    fontBytes.catch(() => {
      fontBytes = undefined;
    });
  }
  return fontBytes;
}

/** A4 in points and the margins of the documents (about 25 mm at the sides). */
export const PAGE = {
  width: 595.28,
  height: 841.89,
  left: 70,
  right: 70,
  top: 56,
  /** The page number's baseline area. */
  footerBottom: 36,
} as const;

/** 3 cm. */
export const QR_SIZE = 85;
const QR_CAPTION_HEIGHT = 14;
/** Flowing text stops here, leaving room for the QR block at the bottom of the last page. */
export const FLOW_BOTTOM = PAGE.height - PAGE.footerBottom - QR_CAPTION_HEIGHT - QR_SIZE - 16;
export const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right;

export const SIZE = { org: 15, title: 22, number: 11, body: 13, table: 10.5, footer: 10 } as const;
const BODY_LINE_GAP = 5;
const GREY = '#555555';
const RULE = '#000000';
const HEADER_FILL = '#efefef';

export type Doc = PDFKit.PDFDocument;

/** A new A4 document with both fonts registered; `finish()` ends it and resolves the bytes. */
export async function newDocument(info: { title: string; author: string; subject: string; created: Date }) {
  const fonts = await loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, left: PAGE.left, right: PAGE.right, bottom: PAGE.height - FLOW_BOTTOM },
    bufferPages: true,
    autoFirstPage: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: info.title,
      Author: info.author,
      Subject: info.subject,
      Creator: 'Bianmin 便民',
      CreationDate: info.created,
    },
  });
  doc.registerFont(FONT.regular, fonts.regular);
  doc.registerFont(FONT.bold, fonts.bold);
  doc.font(FONT.regular);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return {
    doc,
    finish: () => {
      doc.end();
      return done;
    },
  };
}

/** Moves to a new page when fewer than `height` points are left above the flow bottom. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > FLOW_BOTTOM) doc.addPage();
}

export function centred(
  doc: Doc,
  text: string,
  size: number,
  bold: boolean,
  spacing = 0,
  gapAfter = 6,
): void {
  doc.font(bold ? FONT.bold : FONT.regular).fontSize(size);
  doc.text(text, PAGE.left, doc.y, { width: CONTENT_WIDTH, align: 'center', characterSpacing: spacing });
  doc.y += gapAfter;
}

/** A body paragraph, first line indented two characters, as Chinese documents are set. */
export function paragraph(doc: Doc, text: string, opts: { indent?: boolean; size?: number } = {}): void {
  const size = opts.size ?? SIZE.body;
  doc.font(FONT.regular).fontSize(size);
  const options = {
    width: CONTENT_WIDTH,
    lineGap: BODY_LINE_GAP,
    indent: opts.indent === false ? 0 : 2 * size,
  };
  // Never a lone first line at the foot of a page.
  const twoLines = 2 * (doc.currentLineHeight(true) + BODY_LINE_GAP);
  ensureSpace(doc, Math.min(doc.heightOfString(text, options), twoLines));
  doc.text(text, PAGE.left, doc.y, options);
  doc.y += 4;
}

export interface Column {
  header: string;
  /** Share of the content width. */
  width: number;
  align?: 'left' | 'center' | 'right';
}

export interface Cell {
  text: string;
  /** Columns this cell spans (default 1). */
  span?: number;
  bold?: boolean;
  fill?: boolean;
  align?: 'left' | 'center' | 'right';
}

const CELL_PAD_X = 6;
const CELL_PAD_Y = 5;

function columnEdges(widths: readonly number[]): number[] {
  const total = widths.reduce((a, b) => a + b, 0);
  const edges: number[] = [PAGE.left];
  let acc = 0;
  for (const w of widths) {
    acc += w;
    edges.push(PAGE.left + (CONTENT_WIDTH * acc) / total);
  }
  return edges;
}

function rowHeight(doc: Doc, row: readonly Cell[], edges: readonly number[]): number {
  let height = 0;
  let col = 0;
  for (const cell of row) {
    const span = cell.span ?? 1;
    const width = edges[col + span]! - edges[col]! - 2 * CELL_PAD_X;
    doc.font(cell.bold ? FONT.bold : FONT.regular).fontSize(SIZE.table);
    height = Math.max(height, doc.heightOfString(cell.text || ' ', { width, lineGap: 2 }));
    col += span;
  }
  return height + 2 * CELL_PAD_Y;
}

function drawRow(doc: Doc, row: readonly Cell[], edges: readonly number[], y: number, height: number): void {
  let col = 0;
  for (const cell of row) {
    const span = cell.span ?? 1;
    const x0 = edges[col]!;
    const x1 = edges[col + span]!;
    if (cell.fill)
      doc
        .save()
        .rect(x0, y, x1 - x0, height)
        .fill(HEADER_FILL)
        .restore();
    doc
      .font(cell.bold ? FONT.bold : FONT.regular)
      .fontSize(SIZE.table)
      .fillColor('black')
      .text(cell.text, x0 + CELL_PAD_X, y + CELL_PAD_Y, {
        width: x1 - x0 - 2 * CELL_PAD_X,
        align: cell.align ?? 'left',
        lineGap: 2,
      });
    col += span;
  }
  // Borders as lines, so the only filled rectangles of a page are header shading and the QR code.
  doc.save().lineWidth(0.6).strokeColor(RULE);
  doc
    .moveTo(edges[0]!, y)
    .lineTo(edges[edges.length - 1]!, y)
    .moveTo(edges[0]!, y + height)
    .lineTo(edges[edges.length - 1]!, y + height);
  col = 0;
  doc.moveTo(edges[0]!, y).lineTo(edges[0]!, y + height);
  for (const cell of row) {
    col += cell.span ?? 1;
    doc.moveTo(edges[col]!, y).lineTo(edges[col]!, y + height);
  }
  doc.stroke().restore();
}

/**
 * A bordered table. `columns` give the widths (and the header row when `header` is true); a row too tall
 * for the rest of the page moves to the next one, where the header is repeated.
 */
export function table(doc: Doc, columns: readonly Column[], rows: readonly Cell[][], header = true): void {
  const edges = columnEdges(columns.map((c) => c.width));
  const headerRow: Cell[] = columns.map((c) => ({ text: c.header, bold: true, fill: true, align: 'center' }));
  const drawHeader = () => {
    const y = doc.y;
    const h = rowHeight(doc, headerRow, edges);
    drawRow(doc, headerRow, edges, y, h);
    doc.y = y + h;
  };
  if (header) {
    ensureSpace(doc, rowHeight(doc, headerRow, edges) + rowHeight(doc, rows[0] ?? headerRow, edges));
    drawHeader();
  }
  for (const row of rows) {
    const aligned = row.map((cell, i) => ({ align: columns[i]?.align, ...cell }));
    const h = rowHeight(doc, aligned, edges);
    if (doc.y + h > FLOW_BOTTOM) {
      doc.addPage();
      if (header) drawHeader();
    }
    const y = doc.y;
    drawRow(doc, aligned, edges, y, h);
    doc.y = y + h;
  }
  doc.x = PAGE.left;
  doc.y += 10;
}

/** The QR modules of `text` (error correction M), row by row; true is dark. */
export function qrMatrix(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const rows: boolean[][] = [];
  for (let r = 0; r < modules.size; r++) {
    const row: boolean[] = [];
    for (let c = 0; c < modules.size; c++) row.push(Boolean(modules.get(r, c)));
    rows.push(row);
  }
  return rows;
}

/** Marked-content tag around the QR drawing, so a reader (and the tests) can find it in the page. */
export const QR_TAG = 'QRCode';

/**
 * The QR code as filled rectangles (one per horizontal run of dark modules) inside `size` points, with
 * the four-module quiet zone the standard asks for included in that size.
 */
export function drawQr(doc: Doc, text: string, x: number, y: number, size: number): void {
  const matrix = qrMatrix(text);
  const quiet = 4;
  const module = size / (matrix.length + 2 * quiet);
  doc.save();
  doc.markContent(QR_TAG);
  matrix.forEach((row, r) => {
    let c = 0;
    while (c < row.length) {
      if (!row[c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < row.length && row[c]) c++;
      doc.rect(x + (start + quiet) * module, y + (r + quiet) * module, (c - start) * module, module);
    }
  });
  doc.fillColor('black').fill();
  doc.endMarkedContent();
  doc.restore();
}

/** Runs `draw` with no bottom margin, so text placed below the flow does not start a new page. */
function belowFlow(doc: Doc, draw: () => void): void {
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  try {
    draw();
  } finally {
    doc.page.margins.bottom = bottom;
  }
}

const QR_X = PAGE.width - PAGE.right - QR_SIZE;
const QR_Y = PAGE.height - PAGE.footerBottom - QR_CAPTION_HEIGHT - QR_SIZE;
const FOOTER_LINE = SIZE.footer + 7;

export interface Closing {
  org: string;
  date: string;
  seal: string;
  /** Small lines at the bottom left (handler, phones, the applicant's receipt line). */
  lines: readonly string[];
  url: string;
  caption: string;
}

/**
 * The end of a document: the signature block (organ and date, right-aligned, the seal's place marked
 * beside them) after the body, and at the bottom of the last page the small lines on the left and the QR
 * code with its caption on the right. When the signature no longer fits above the QR code it sits just
 * left of it, above the small lines; only when it fits nowhere does it move to a new page.
 */
export function closing(doc: Doc, c: Closing): void {
  doc.font(FONT.regular).fontSize(SIZE.body);
  const line = doc.currentLineHeight(true) + 4;
  const height = 2 * line;
  const linesTop = QR_Y + QR_SIZE - c.lines.length * FOOTER_LINE;
  const ruleY = linesTop - 6;
  let right = PAGE.width - PAGE.right;
  let top = doc.y + 14;
  if (top + height > FLOW_BOTTOM) {
    if (doc.y + 6 + height <= ruleY - 4) {
      top = doc.y + 6;
      right = QR_X - 14;
    } else {
      doc.addPage();
      top = doc.y;
    }
  }
  belowFlow(doc, () => {
    signatureBlock(doc, c, top, right, line);
    footerBlock(doc, c, linesTop, ruleY);
  });
}

function signatureBlock(doc: Doc, c: Closing, top: number, right: number, line: number): void {
  doc.font(FONT.regular).fontSize(SIZE.body);
  const width = Math.max(doc.widthOfString(c.org), doc.widthOfString(c.date)) + 2 * SIZE.body;
  const x = right - width;
  // Where the seal goes: left of the organ and date, which the stamp will cover.
  doc.fillColor(GREY).text(c.seal, x - doc.widthOfString(c.seal), top + line / 2, { lineBreak: false });
  doc.fillColor('black');
  doc.text(c.org, x, top, { width, align: 'center', lineBreak: false });
  doc.text(c.date, x, top + line, { width, align: 'center', lineBreak: false });
  doc.x = PAGE.left;
  doc.y = top + 2 * line;
}

function footerBlock(doc: Doc, c: Closing, linesTop: number, ruleY: number): void {
  drawQr(doc, c.url, QR_X, QR_Y, QR_SIZE);
  doc
    .font(FONT.regular)
    .fontSize(9)
    .fillColor('black')
    .text(c.caption, QR_X - 10, QR_Y + QR_SIZE + 2, {
      width: QR_SIZE + 20,
      align: 'center',
      lineBreak: false,
    });
  const textWidth = QR_X - PAGE.left - 16;
  doc
    .save()
    .lineWidth(0.5)
    .strokeColor(GREY)
    .moveTo(PAGE.left, ruleY)
    .lineTo(PAGE.left + textWidth, ruleY);
  doc.stroke().restore();
  doc.font(FONT.regular).fontSize(SIZE.footer);
  let y = linesTop + 3;
  for (const text of c.lines) {
    doc.text(text, PAGE.left, y, { width: textWidth, lineBreak: false, ellipsis: true });
    y += FOOTER_LINE;
  }
}

/** Page numbers on every page when a document runs over one page. */
export function pageNumbers(doc: Doc, label: (page: number, pages: number) => string): void {
  const range = doc.bufferedPageRange();
  if (range.count < 2) return;
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    belowFlow(doc, () => {
      doc
        .font(FONT.regular)
        .fontSize(9)
        .fillColor(GREY)
        .text(label(i + 1, range.count), PAGE.left, PAGE.height - PAGE.footerBottom + 8, {
          width: CONTENT_WIDTH,
          align: 'center',
          lineBreak: false,
        });
    });
  }
}
