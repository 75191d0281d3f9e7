// Jobs of a case and their live progress (ingest, translation, analysis run by workers).
import { z } from 'zod';
import type { RouteModule } from '../route-module.js';
import { caseAccessRequest, requestCase } from '../case-access.js';
import { parseInput } from '../parse-input.js';
import { JobQueue, type Job } from '../../jobs/job-queue.js';
import { AppError, ErrorCodes } from '../../model/errors.js';

/** What the API shows of a job (the payload may hold evidence paths: only its keys are listed). */
function view(j: Job) {
  return {
    id: j.id,
    kind: j.kind,
    status: j.status,
    progress: j.progress,
    result: j.result,
    error: j.error,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    worker: j.worker,
    createdBy: j.createdBy,
    createdAt: j.createdAt,
    startedAt: j.startedAt,
    heartbeatAt: j.heartbeatAt,
    finishedAt: j.finishedAt,
  };
}

export const jobRoutes: RouteModule = (api, { app }) => {
  const queue = new JobQueue(app.store);

  api.get('/cases/:caseId/jobs', { config: { access: { action: 'case.view' } } }, async (req) => {
    const kase = requestCase(req);
    const q = parseInput(
      z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      req.query,
      'query',
    );
    const jobs = await queue.list(kase.id, { limit: q.limit });
    caseAccessRequest(req).objects = jobs.map((j) => j.id);
    return { jobs: jobs.map(view) };
  });

  api.get(
    '/cases/:caseId/jobs/:jobId',
    { config: { access: { action: 'case.view' } } },
    async (req) => {
      const kase = requestCase(req);
      const p = parseInput(
        z.object({ jobId: z.string().regex(/^job_[0-9a-f]{32}$/) }),
        req.params,
        'path',
      );
      const job = await queue.get(p.jobId);
      // a job of another case is as unknown as a job that does not exist
      if (!job || job.caseId !== kase.id)
        throw new AppError(ErrorCodes.NOT_FOUND, `no job ${p.jobId} in this case`);
      caseAccessRequest(req).objects = [job.id];
      return { job: view(job) };
    },
  );
};
