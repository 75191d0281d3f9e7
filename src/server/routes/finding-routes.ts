// Findings of a case for the web's review queue, behind the case-access seam (finding.view,
// finding.review). Findings are indicators for a person to review, never conclusions: every
// response carries `notice` saying so.
//
// JSON shapes (for the web view):
//   GET  /api/cases/:caseId/findings?status=new|accepted|rejected&rule=ID&crimeType=T&limit=50&offset=0&inactive=1
//     → { findings: FindingSummary[], total: number, limit, offset, notice: string }
//       FindingSummary = { id, ruleId, ruleVersion, crimeType, title, severity: 'low'|'medium'|'high',
//         score, status: 'new'|'accepted'|'rejected', active: boolean,
//         subject: { identifiers: string[], threads: string[], devices: string[] },
//         indicators: Array<{ id, label, weight, detail, evidence: string[] }>,
//         benign: string[], missing: string[], evidenceHash, firstSeenAt, analysedAt }
//   GET  /api/cases/:caseId/findings/:findingId
//     → { finding: FindingSummary & {
//           evidence: Array<{ kind: 'message'|'call'|'location'|'thread', id, note, textUsed:
//             'original'|'translation'|null, spans: [start, end][], at, device, thread, direction,
//             sender, text, translation, segments: Array<{ text, mark: boolean }>, durationS, found }>,
//           reviews: Array<{ id, seq, decision: 'accept'|'reject', reason, actorId, actorName,
//             ruleVersion, evidenceHash, createdAt }>,
//           evidenceChangedSinceReview: boolean, notice } }
//       (`segments` is the text used cut at the spans: render `mark: true` as <mark>)
//   POST /api/cases/:caseId/findings/:findingId/review  { decision: 'accept'|'reject', reason }
//     → 200 { finding } as above; 400 REASON_REQUIRED without a reason; 404 NOT_FOUND
import { z } from 'zod';
import type { RouteModule } from '../route-module.js';
import { caseAccessRequest, requestCase } from '../case-access.js';
import { parseInput } from '../parse-input.js';
import { idParam, limitParam } from '../query-schemas.js';
import {
  FINDING_NOTICE,
  FINDING_STATUSES,
  getFinding,
  listFindings,
  reviewFinding,
} from '../../detect/findings-store.js';
import { evidenceView } from '../../detect/finding-view.js';
import { CRIME_TYPES } from '../../detect/rule.js';

const ListQuery = z.object({
  status: z.enum(FINDING_STATUSES).optional(),
  rule: z.string().max(100).optional(),
  crimeType: z.enum(CRIME_TYPES).optional(),
  inactive: z.enum(['0', '1']).optional(),
  limit: limitParam(500, 50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const ReviewBody = z.object({
  decision: z.enum(['accept', 'reject']),
  reason: z.string().max(4000).optional(),
});

export const findingRoutes: RouteModule = (api, { app }) => {
  api.get(
    '/cases/:caseId/findings',
    { config: { access: { action: 'finding.view' } } },
    async (req) => {
      const kase = requestCase(req);
      const ctx = caseAccessRequest(req);
      const q = parseInput(ListQuery, req.query, 'query');
      const r = await listFindings(app.store, kase.id, {
        status: q.status,
        ruleId: q.rule,
        crimeType: q.crimeType,
        includeInactive: q.inactive === '1',
        limit: q.limit,
        offset: q.offset,
      });
      ctx.objects = r.findings.map((f) => f.id);
      ctx.details = { status: q.status ?? null, rule: q.rule ?? null, total: r.total };
      return { ...r, limit: q.limit, offset: q.offset, notice: FINDING_NOTICE };
    },
  );

  api.get(
    '/cases/:caseId/findings/:findingId',
    { config: { access: { action: 'finding.view' } } },
    async (req) => {
      const kase = requestCase(req);
      const ctx = caseAccessRequest(req);
      const p = parseInput(z.object({ findingId: idParam }), req.params, 'path');
      const f = await getFinding(app.store, kase.id, p.findingId);
      const evidence = await evidenceView(app.store, f);
      ctx.objects = [f.id, ...evidence.filter((e) => e.found).map((e) => e.id)];
      return { finding: { ...f, evidence } };
    },
  );

  api.post(
    '/cases/:caseId/findings/:findingId/review',
    { config: { access: { action: 'finding.review' } } },
    async (req) => {
      const kase = requestCase(req);
      const ctx = caseAccessRequest(req);
      const p = parseInput(z.object({ findingId: idParam }), req.params, 'path');
      const body = parseInput(ReviewBody, req.body, 'review');
      ctx.objects = [p.findingId];
      ctx.details = { decision: body.decision };
      const f = await reviewFinding(
        app.store,
        kase.id,
        p.findingId,
        { decision: body.decision, reason: body.reason ?? '' },
        ctx.actor,
      );
      const evidence = await evidenceView(app.store, f);
      return { finding: { ...f, evidence } };
    },
  );
};
