import { createHash } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../context.ts';
import { requireActor, requireResident } from '../http/auth.ts';
import { rawBody, sendFile } from '../http/files.ts';
import { errorResponses, IdempotencyHeaders, Nullable, PageQuery, Uuid } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import { readableCase } from './case-access.ts';
import { CASE_DOCUMENT_KINDS, listDocuments, renderDocument } from './case-documents.ts';
import {
  applicantRecorder,
  attachFile,
  CASE_FILE_TYPES,
  listFees,
  listFiles,
  MAX_CASE_FILE_BYTES,
  readFile,
  recordFee,
  staffRecorder,
} from './case-records.ts';
import { fileOnline, ownCase, runApplicantAction } from './case-service.ts';
import { listMyCases, readMyCase } from './my-cases.ts';

const IdParams = Type.Object({ id: Uuid });

const FileSchema = Type.Object({
  id: Type.String(),
  material: Type.String(),
  name: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: Type.String(),
  uploadedBy: Type.String(),
});

const FeeSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  amountFen: Type.Integer({ description: '金额（分） amount in fen' }),
  payer: Type.String(),
  receiptNumber: Type.String(),
  paidAt: Type.String(),
  recordedBy: Type.String(),
});

const UploadQuery = Type.Object({
  material: Type.String({ minLength: 1, maxLength: 500, description: '材料名称（事项材料清单中的一项）' }),
});

const MyCaseListItem = Type.Object({
  id: Type.String(),
  caseNumber: Type.String(),
  itemName: Type.String(),
  status: Type.String(),
  publicLabel: Type.String(),
  expectedCompletionDate: Nullable(Type.String()),
  createdAt: Type.String(),
});

const MyCaseSchema = Type.Object({
  id: Type.String(),
  caseNumber: Type.String(),
  itemId: Type.String(),
  itemName: Type.String(),
  status: Type.String(),
  publicLabel: Type.String(),
  timeline: Type.Array(Type.Object({ label: Type.String(), at: Type.String() })),
  expectedCompletionDate: Nullable(Type.String()),
  missing: Nullable(Type.Array(Type.String())),
  materials: Type.Array(Type.String()),
  files: Type.Array(FileSchema),
  actions: Type.Array(Type.Enum(['withdraw', 'supplement'])),
  createdAt: Type.String(),
});

/** The file name travels URL-encoded in a header, as a raw upload has no form fields. */
function fileName(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * A case's materials and fees (staff), and the resident's own cases under /api/my. One plugin, so the raw
 * content types of the uploads stay local to these routes.
 */
export function caseRecordRoutes(app: App, ctx: AppContext) {
  app.register(async (plugin) => {
    const r = plugin.withTypeProvider<TypeBoxTypeProvider>() as unknown as App;
    r.addContentTypeParser([...CASE_FILE_TYPES], { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );
    staffRoutes(r, ctx);
    residentRoutes(r, ctx);
  });
}

/** Attaching and charging need case.handle; reading needs case.read, so supervisors see them too. */
function staffRoutes(app: App, ctx: AppContext) {
  const tags = ['cases'];

  app.post(
    '/api/cases/:id/files',
    {
      bodyLimit: MAX_CASE_FILE_BYTES,
      schema: {
        tags,
        summary: '上传申请材料扫描件（PDF/JPG/PNG，≤10 MiB；请求体为文件本身） Attach a scanned material',
        params: IdParams,
        querystring: UploadQuery,
        response: { 201: FileSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { c, by } = await staffRecorder(ctx, requireActor(req), req.params.id);
      const file = await attachFile(
        ctx,
        c,
        by,
        req.query.material,
        {
          data: rawBody(req),
          contentType: req.headers['content-type'] ?? '',
          name: fileName(req.headers['x-file-name']),
        },
        req.ip,
      );
      return reply.code(201).send(file);
    },
  );

  app.get(
    '/api/cases/:id/files',
    {
      schema: {
        tags,
        summary: '办件材料文件 Files of a case',
        params: IdParams,
        response: { 200: Type.Array(FileSchema), ...errorResponses },
      },
    },
    async (req) => {
      const c = await readableCase(ctx, requireActor(req), req.params.id);
      return listFiles(ctx, c.id);
    },
  );

  app.get(
    '/api/cases/:id/files/:fileId',
    {
      schema: {
        tags,
        summary: '下载材料文件 Download a file',
        params: Type.Object({ id: Uuid, fileId: Uuid }),
      },
    },
    async (req, reply) => {
      const c = await readableCase(ctx, requireActor(req), req.params.id);
      return sendFile(reply, await readFile(ctx, c.id, req.params.fileId), 'inline', 'private');
    },
  );

  app.get(
    '/api/cases/:id/documents',
    {
      schema: {
        tags,
        summary: '办件现有的文书（回执、告知书、决定书…） Documents a case has by now',
        params: IdParams,
        response: {
          200: Type.Array(
            Type.Object({
              kind: Type.Enum([...CASE_DOCUMENT_KINDS]),
              title: Type.String(),
              feeId: Type.Optional(Type.String()),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    (req) => listDocuments(ctx, requireActor(req), req.params.id),
  );

  app.get(
    '/api/cases/:id/documents/:kind.pdf',
    {
      schema: {
        tags,
        summary: '打印文书（PDF，含办件编号和进度查询二维码） A document as PDF',
        params: Type.Object({ id: Uuid, kind: Type.Enum([...CASE_DOCUMENT_KINDS]) }),
        querystring: Type.Object({ feeId: Type.Optional(Uuid) }),
      },
    },
    async (req, reply) => {
      const baseUrl = ctx.config.publicUrl ?? `${req.protocol}://${req.host}`;
      const doc = await renderDocument(ctx, requireActor(req), req.params.id, req.params.kind, {
        baseUrl,
        ...(req.query.feeId ? { feeId: req.query.feeId } : {}),
      });
      const sha256 = createHash('sha256').update(doc.data).digest('hex');
      return sendFile(
        reply,
        { name: doc.name, contentType: 'application/pdf', sha256, data: doc.data },
        'inline',
        'private',
      );
    },
  );

  app.get(
    '/api/cases/:id/fees',
    {
      schema: {
        tags,
        summary: '办件收费（一票制） Fees of a case',
        params: IdParams,
        response: {
          200: Type.Object({ items: Type.Array(FeeSchema), totalFen: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const c = await readableCase(ctx, requireActor(req), req.params.id);
      return listFees(ctx, c.id);
    },
  );

  app.post(
    '/api/cases/:id/fees',
    {
      schema: {
        tags,
        summary: '登记收费并开具缴费凭证 Record a fee and issue its receipt',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            amountFen: Type.Integer({ minimum: 1, description: '金额（分）' }),
            payer: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: FeeSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await recordFee(ctx, requireActor(req), req.params.id, req.body, req.ip)),
  );
}

function residentRoutes(app: App, ctx: AppContext) {
  const tags = ['my'];

  app.post(
    '/api/my/cases',
    {
      schema: {
        tags,
        summary: '网上申报 Apply online',
        headers: IdempotencyHeaders,
        body: Type.Object(
          {
            itemId: Uuid,
            orgCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            applicant: Type.Optional(
              Type.Object(
                {
                  kind: Type.Literal('enterprise'),
                  name: Type.String({ minLength: 1, maxLength: 200 }),
                  creditCode: Type.String({ maxLength: 40 }),
                  phone: Type.Optional(Type.String({ maxLength: 30 })),
                },
                { additionalProperties: false },
              ),
            ),
            materials: Type.Array(Type.String({ maxLength: 500 }), { maxItems: 200, default: [] }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Type.String(),
            caseNumber: Type.String(),
            itemName: Type.String(),
            status: Type.String(),
            publicLabel: Type.String(),
            queryCode: Type.String({ description: '查询码，只显示这一次' }),
          }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const answer = await fileOnline(ctx, requireResident(req), req.body, {
        idempotencyKey: req.headers['idempotency-key'],
        ip: req.ip,
      });
      return reply.code(answer.status).send(answer.body);
    },
  );

  app.get(
    '/api/my/cases',
    {
      schema: {
        tags,
        summary: '我的办件 My cases',
        querystring: Type.Object(PageQuery),
        response: {
          200: Type.Object({ items: Type.Array(MyCaseListItem), total: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    (req) => listMyCases(ctx, requireResident(req), req.query),
  );

  app.get(
    '/api/my/cases/:id',
    {
      schema: {
        tags,
        summary: '我的办件详情 One of my cases',
        params: IdParams,
        response: { 200: MyCaseSchema, ...errorResponses },
      },
    },
    (req) => readMyCase(ctx, requireResident(req), req.params.id),
  );

  app.post(
    '/api/my/cases/:id/files',
    {
      bodyLimit: MAX_CASE_FILE_BYTES,
      schema: {
        tags,
        summary: '上传申请材料（PDF/JPG/PNG，≤10 MiB） Upload a material',
        params: IdParams,
        querystring: UploadQuery,
        response: { 201: FileSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const resident = requireResident(req);
      const c = await ownCase(ctx, resident, req.params.id);
      const file = await attachFile(
        ctx,
        c,
        applicantRecorder(c, resident),
        req.query.material,
        {
          data: rawBody(req),
          contentType: req.headers['content-type'] ?? '',
          name: fileName(req.headers['x-file-name']),
        },
        req.ip,
      );
      return reply.code(201).send(file);
    },
  );

  app.get(
    '/api/my/cases/:id/files/:fileId',
    {
      schema: {
        tags,
        summary: '下载我上传的材料 Download my file',
        params: Type.Object({ id: Uuid, fileId: Uuid }),
      },
    },
    async (req, reply) => {
      const c = await ownCase(ctx, requireResident(req), req.params.id);
      return sendFile(reply, await readFile(ctx, c.id, req.params.fileId), 'inline', 'private');
    },
  );

  for (const [path, action, summary] of [
    ['withdraw', 'withdraw', '撤回申请 Withdraw my application'],
    ['supplement', 'supplement_received', '提交补正材料 Tell the window the supplement is uploaded'],
  ] as const) {
    app.post(
      `/api/my/cases/:id/${path}`,
      {
        schema: {
          tags,
          summary,
          headers: IdempotencyHeaders,
          params: IdParams,
          body: Type.Optional(
            Type.Object(
              {
                reason: Type.Optional(Type.String({ maxLength: 2000 })),
                note: Type.Optional(Type.String({ maxLength: 2000 })),
              },
              { additionalProperties: false },
            ),
          ),
          response: { 200: MyCaseSchema, ...errorResponses },
        },
      },
      async (req) => {
        const resident = requireResident(req);
        await runApplicantAction(ctx, resident, req.params.id, action, req.body ?? {}, {
          idempotencyKey: req.headers['idempotency-key'],
          ip: req.ip,
        });
        return readMyCase(ctx, resident, req.params.id);
      },
    );
  }
}
