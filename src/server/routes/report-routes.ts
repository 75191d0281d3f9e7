// Reports (action export.write, purpose required): the HTML report of chosen items (bookmarks,
// conversations, findings), downloaded as one file; the purpose, the items and their count are
// recorded in the audit.
import { z } from 'zod';
import type { RouteModule } from '../route-module.js';
import { caseAccessRequest, requestCase } from '../case-access.js';
import { parseInput } from '../parse-input.js';
import { idParam } from '../query-schemas.js';
import { gatherReport, renderHtmlReport } from '../../report/html-report.js';
import { AppError, ErrorCodes } from '../../model/errors.js';

const ReportInput = z.object({
  title: z.string().trim().max(200).default(''),
  bookmarks: z.boolean().default(false),
  threads: z.array(idParam).max(200).default([]),
  findings: z.array(idParam).max(500).default([]),
});

export const reportRoutes: RouteModule = (api, { app }) => {
  api.post(
    '/cases/:caseId/reports',
    { config: { access: { action: 'export.write', purposeRequired: true } } },
    async (req, reply) => {
      const kase = requestCase(req);
      const ctx = caseAccessRequest(req);
      const body = parseInput(ReportInput, req.body, 'report');
      if (!body.bookmarks && !body.threads.length && !body.findings.length)
        throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'choose at least one item for the report', {
          fields: ['bookmarks', 'threads', 'findings'],
        });
      const data = await gatherReport(
        app.store,
        kase,
        { bookmarks: body.bookmarks, threads: body.threads, findings: body.findings },
        {
          title: body.title || `${kase.ref} report`,
          purpose: ctx.purpose ?? '',
          author: ctx.actor.name,
          toolVersion: app.toolVersion,
          now: Date.now(),
        },
      );
      ctx.objects = data.itemIds;
      ctx.details = {
        format: 'html',
        items: data.itemIds.length,
        bookmarks: body.bookmarks,
        threads: body.threads.length,
        findings: body.findings.length,
      };
      const file = `${kase.ref.replace(/[^A-Za-z0-9._-]+/g, '_')}-report.html`;
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}"`)
        .header('x-content-type-options', 'nosniff')
        .send(renderHtmlReport(data));
    },
  );
};
