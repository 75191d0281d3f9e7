// Tags, notes and bookmarks on items of a case.
import { z } from 'zod';
import type { RouteModule } from '../route-module.js';
import { caseAccessRequest, requestCase } from '../case-access.js';
import { parseInput } from '../parse-input.js';
import { idParam } from '../query-schemas.js';
import {
  ANNOTATION_KINDS,
  ANNOTATION_TARGETS,
  addAnnotation,
  deleteAnnotation,
  listAnnotations,
} from '../../store/queries/annotations.js';

const NewAnnotation = z.object({
  targetId: z.string().min(1).max(300),
  targetKind: z.enum(ANNOTATION_TARGETS),
  kind: z.enum(ANNOTATION_KINDS),
  value: z.string().max(4000).default(''),
});

export const annotationRoutes: RouteModule = (api, { app }) => {
  api.get(
    '/cases/:caseId/annotations',
    { config: { access: { action: 'case.view' } } },
    async (req) => {
      const kase = requestCase(req);
      const q = parseInput(
        z.object({ kind: z.enum(ANNOTATION_KINDS).optional() }),
        req.query,
        'query',
      );
      const annotations = await listAnnotations(app.store, kase.id, { kind: q.kind });
      caseAccessRequest(req).objects = annotations.map((a) => a.id);
      return { annotations };
    },
  );

  api.post(
    '/cases/:caseId/annotations',
    { config: { access: { action: 'annotation.write' } } },
    async (req, reply) => {
      const kase = requestCase(req);
      const ctx = caseAccessRequest(req);
      const body = parseInput(NewAnnotation, req.body, 'annotation');
      const a = await addAnnotation(app.store, kase.id, { ...body, createdBy: ctx.actor.id });
      ctx.objects = [a.id, a.targetId];
      ctx.details = { kind: a.kind, targetKind: a.targetKind };
      return reply.code(201).send({ annotation: a });
    },
  );

  api.delete(
    '/cases/:caseId/annotations/:annotationId',
    { config: { access: { action: 'annotation.write' } } },
    async (req) => {
      const kase = requestCase(req);
      const ctx = caseAccessRequest(req);
      const p = parseInput(z.object({ annotationId: idParam }), req.params, 'path');
      const a = await deleteAnnotation(app.store, kase.id, p.annotationId);
      ctx.objects = [a.id, a.targetId];
      ctx.details = { removed: a.kind, targetKind: a.targetKind };
      return { deleted: a.id };
    },
  );
};
