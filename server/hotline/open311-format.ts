import { XMLBuilder } from 'fast-xml-parser';

/**
 * GeoReport v2 output in its two formats. JSON is the spec's "Spark convention" mapping of the XML: a
 * list element (services, service_requests, errors) becomes an array, so both are built from one value
 * plus the names of the XML root and item elements.
 */

export type Open311Format = 'json' | 'xml';

export const CONTENT_TYPES: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

const builder = new XMLBuilder({
  format: true,
  indentBy: '  ',
  suppressEmptyNode: false,
  processEntities: true,
});

type Scalar = string | number | boolean | null | undefined;
type Value = Scalar | Value[] | { [key: string]: Value };

/** null and undefined become empty elements; booleans and numbers their text. */
function forXml(value: Value): unknown {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(forXml);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = forXml(v);
    return out;
  }
  return value;
}

const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

/** A list as `<root><item>…</item>…</root>` or a JSON array. */
export function renderList(
  format: Open311Format,
  root: string,
  item: string,
  items: Record<string, Value>[],
): string {
  if (format === 'json') return JSON.stringify(items);
  return DECLARATION + builder.build({ [root]: items.length === 0 ? '' : { [item]: items.map(forXml) } });
}

/** One object as `<root>…</root>` or a JSON object. */
export function renderObject(format: Open311Format, root: string, value: Record<string, Value>): string {
  if (format === 'json') return JSON.stringify(value);
  return DECLARATION + builder.build({ [root]: forXml(value) });
}

/** `services.json` → { name: 'services', format: 'json' }; null for an unknown format. */
export function splitFormat(file: string): { name: string; format: Open311Format } | null {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  return m ? { name: m[1]!, format: m[2] as Open311Format } : null;
}

/** The format an URL asks for (.xml or .json before the query); JSON when it names neither. */
export function formatOfUrl(url: string): Open311Format {
  const path = url.split('?')[0] ?? '';
  return path.endsWith('.xml') ? 'xml' : 'json';
}

export interface Open311ErrorItem {
  code: number;
  description: string;
}

/** A GeoReport v2 error: HTTP 400, 403 or 404 with `[{ code, description }]` (XML `<errors><error>`). */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly items: Open311ErrorItem[],
  ) {
    super(items[0]?.description ?? String(status));
    this.name = 'Open311Error';
  }
}

export function renderErrors(format: Open311Format, items: Open311ErrorItem[]): string {
  return renderList(
    format,
    'errors',
    'error',
    items.map((e) => ({ code: e.code, description: e.description })),
  );
}
