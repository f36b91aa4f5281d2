/**
 * What the server accepts as a material's file (cases API: PDF, JPEG or PNG, at most 10 MiB), checked in
 * the browser first so a resident on a slow line does not send 30 MB of photo only to be refused.
 */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};
const ALLOWED = new Set(Object.values(BY_EXTENSION));

/** The input's `accept`: the file picker offers these first (phones still allow the camera). */
export const UPLOAD_ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

export type UploadCheck =
  | { ok: true; contentType: string }
  | { ok: false; reason: 'type' | 'size' | 'empty' };

/**
 * The content type to send, or why the file is refused. Some phones report no type (or
 * application/octet-stream) for a camera photo; the extension decides then.
 */
export function checkUpload(file: { name: string; type: string; size: number }): UploadCheck {
  const fromType = ALLOWED.has(file.type) ? file.type : undefined;
  const ext = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase();
  const contentType = fromType ?? (ext ? BY_EXTENSION[ext] : undefined);
  if (!contentType) return { ok: false, reason: 'type' };
  if (file.size === 0) return { ok: false, reason: 'empty' };
  if (file.size > MAX_UPLOAD_BYTES) return { ok: false, reason: 'size' };
  return { ok: true, contentType };
}

/** "1.2 MB", "350 KB": sizes as a resident reads them. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
