// The ONE case-access seam of the HTTP API. Every route that touches case data declares
// `config.access = { action }`; this plugin then puts two hooks on it:
//   preHandler  resolves the actor, asks the CaseAccessPolicy, loads the case, requires a stated
//               purpose where the action needs one, and refuses (401/403) with an audit record;
//   onSend      records one audit event for the request (who, what, which case and objects, the
//               search query, outcome, origin) before any byte of the response leaves: if the
//               audit cannot be written the response is replaced by an error (fail closed).
// A route under /api that declares neither `access` nor `public` is refused at registration, and
// a route with a :caseId parameter must declare `access`, so nothing can slip past later.
import type {
  FastifyInstance,
  FastifyRequest,
  RouteOptions,
  onSendHookHandler,
  preHandlerHookHandler,
} from 'fastify';
import type { Actor } from '../app/app-context.js';
import type { AuditSink } from '../security/audit-sink.js';
import {
  WRITE_ACTIONS,
  type CaseAccessPolicy,
  type CaseAction,
} from '../security/case-access-policy.js';
import type { Store } from '../store/store.js';
import { GLOBAL_ACTIONS, type GlobalAction } from '../security/roles.js';
import { findCase, type CaseRecord } from '../store/queries/cases.js';
import { caseIdFor } from '../model/ids.js';
import { AppError, ErrorCodes } from '../model/errors.js';

export interface RouteAccess {
  /** A case action, or (on a route without :caseId) an action that concerns no single case. */
  action: CaseAction | GlobalAction;
  /** Disclosure: the request must state why (header `x-threadline-purpose`). */
  purposeRequired?: boolean;
}

/** Resolves who is making a request (embedded: the local user; later: a signed-in session). */
export type ActorResolver = (req: FastifyRequest) => Promise<Actor | null>;

/** What a handler of a case-data route receives, and enriches for the audit record. */
export interface AccessContext {
  actor: Actor;
  action: CaseAction | GlobalAction;
  /** The case of a /api/cases/:caseId route (null for routes across cases, like the case list). */
  kase: CaseRecord | null;
  purpose: string | null;
  /** Ids of the items shown or changed (messages, threads, findings …), recorded in the audit. */
  objects: string[];
  /** Small, non-evidential details for the audit (a search query, an export format, a count). */
  details: Record<string, unknown>;
  /** The subset of case ids this actor may know exist. */
  visibleCases(ids: readonly string[]): Promise<string[]>;
  recorded: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The case-data action this route performs (puts it behind the case-access seam). */
    access?: RouteAccess;
    /** A route that touches no case data (health, session, static files). */
    public?: boolean;
  }
  interface FastifyRequest {
    access: AccessContext | null;
  }
}

export interface RouteRecord {
  method: string;
  url: string;
  access: RouteAccess | null;
  public: boolean;
  preHandlers: unknown[];
  onSends: unknown[];
}

export interface CaseAccessOptions {
  store: Store;
  policy: CaseAccessPolicy;
  audit: AuditSink;
  resolveActor: ActorResolver;
}

const PURPOSE_HEADER = 'x-threadline-purpose';

export function caseAccessRequest(req: FastifyRequest): AccessContext {
  if (!req.access)
    throw new Error(
      `route ${req.routeOptions.url} has no case-access context (declare config.access)`,
    );
  return req.access;
}

/** The case of a case-data route (after the seam has checked access). */
export function requestCase(req: FastifyRequest): CaseRecord {
  const kase = caseAccessRequest(req).kase;
  if (!kase) throw new Error(`route ${req.routeOptions.url} has no :caseId parameter`);
  return kase;
}

function toArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function readPurpose(req: FastifyRequest): string | null {
  const raw = req.headers[PURPOSE_HEADER];
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (!v) return null;
  let text: string;
  try {
    text = decodeURIComponent(v);
  } catch {
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, `${PURPOSE_HEADER} must be URI-encoded text`);
  }
  text = text.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (text.length > 500)
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      `${PURPOSE_HEADER} is longer than 500 characters`,
    );
  return text || null;
}

function outcomeFor(status: number): 'success' | 'denied' | 'error' {
  if (status < 400) return 'success';
  if (status === 401 || status === 403) return 'denied';
  return 'error';
}

export interface CaseAccessSeam {
  preHandler: preHandlerHookHandler;
  onSend: onSendHookHandler;
  routes: RouteRecord[];
}

/** Installs the seam on `app` (before any route is registered) and returns its hooks and route table. */
export function installCaseAccess(app: FastifyInstance, opts: CaseAccessOptions): CaseAccessSeam {
  const routes: RouteRecord[] = [];

  const record = async (
    req: FastifyRequest,
    ctx: AccessContext,
    status: number,
    reason?: string,
  ) => {
    ctx.recorded = true;
    await opts.audit.record({
      actor: ctx.actor.id,
      action: ctx.action,
      caseId:
        ctx.kase?.id ??
        ((req.params as Record<string, string> | undefined)?.caseId ? caseParamId(req) : null),
      objects: ctx.objects,
      purpose: ctx.purpose,
      outcome: outcomeFor(status),
      details: {
        ...ctx.details,
        status,
        ...(reason ? { reason } : {}),
        route: req.routeOptions.url,
      },
      origin: req.ip,
    });
  };

  const preHandler: preHandlerHookHandler = async function caseAccessPreHandler(req, reply) {
    const access = req.routeOptions.config.access;
    if (!access) throw new Error(`case-access seam on a route without config.access: ${req.url}`);
    const actor = await opts.resolveActor(req);
    const anonymous: Actor = { id: 'anonymous', name: 'anonymous', roles: [] };
    const ctx: AccessContext = {
      actor: actor ?? anonymous,
      action: access.action,
      kase: null,
      purpose: null,
      objects: [],
      details: {},
      visibleCases: (ids) => opts.policy.visibleCases(actor ?? anonymous, ids),
      recorded: false,
    };
    req.access = ctx;
    if (!actor) {
      reply.code(401);
      await record(req, ctx, 401, 'not signed in');
      throw new AppError(ErrorCodes.UNAUTHENTICATED, 'sign in to see case data');
    }
    ctx.purpose = readPurpose(req);
    const hasCase = typeof (req.params as Record<string, unknown> | undefined)?.caseId === 'string';
    if (hasCase) {
      // decide before looking the case up, so an outsider learns nothing about which cases exist
      const caseId = caseParamId(req);
      if (isGlobalAction(access.action))
        throw new Error(`route ${req.routeOptions.url} has a case but a global action`);
      const decision = await opts.policy.decide(actor, caseId, access.action);
      if (!decision.allowed) {
        await record(req, ctx, 403, decision.reason ?? 'refused by policy');
        throw new AppError(ErrorCodes.FORBIDDEN, 'you do not have access to this case');
      }
      const kase = await findCase(opts.store, caseId);
      if (!kase) {
        await record(req, ctx, 404, 'no such case');
        throw new AppError(ErrorCodes.NOT_FOUND, 'no such case');
      }
      ctx.kase = kase;
    }
    if (!hasCase && isGlobalAction(access.action)) {
      const decision = (await opts.policy.allowsGlobal?.(actor, access.action)) ?? {
        allowed: false,
        reason: 'policy has no global actions',
      };
      if (!decision.allowed) {
        await record(req, ctx, 403, decision.reason ?? 'refused by policy');
        throw new AppError(ErrorCodes.FORBIDDEN, `you may not ${access.action}`);
      }
    }
    if (access.purposeRequired && !ctx.purpose) {
      await record(req, ctx, 428, 'no purpose stated');
      throw new AppError(
        ErrorCodes.PURPOSE_REQUIRED,
        `state why (header ${PURPOSE_HEADER}): disclosure of case data is recorded with its purpose`,
      );
    }
  };

  const onSend: onSendHookHandler = async function caseAccessAudit(req, reply, payload) {
    const ctx = req.access;
    if (!ctx || ctx.recorded) return payload;
    try {
      await record(req, ctx, reply.statusCode);
    } catch (e) {
      req.log.error({ err: e }, 'audit record failed: response withheld');
      reply.code(500).header('content-type', 'application/json; charset=utf-8');
      return JSON.stringify({
        error: {
          code: ErrorCodes.INTERNAL,
          message: 'audit unavailable',
          requestId: String(req.id),
        },
      });
    }
    return payload;
  };

  app.decorateRequest('access', null);
  app.addHook('onRoute', (route: RouteOptions) => {
    const config = (route.config ?? {}) as { access?: RouteAccess; public?: boolean };
    const url = route.url ?? '';
    const isApi = url === '/api' || url.startsWith('/api/');
    if (config.access && config.public)
      throw new Error(`route ${url} declares both access and public`);
    if (url.includes(':caseId') && !config.access)
      throw new Error(
        `route ${url} has a :caseId parameter but no config.access (case-access seam)`,
      );
    if (isApi && !config.access && !config.public)
      throw new Error(`API route ${url} must declare config.access (case data) or config.public`);
    if (config.access) {
      route.preHandler = [preHandler, ...toArray(route.preHandler)];
      route.onSend = [onSend, ...toArray(route.onSend)];
    }
    routes.push({
      method: String(route.method),
      url,
      access: config.access ?? null,
      public: config.public === true,
      preHandlers: toArray(route.preHandler),
      onSends: toArray(route.onSend),
    });
  });
  return { preHandler, onSend, routes };
}

/** The case id of a /api/cases/:caseId request (an id, or a case reference mapped to its id). */
function caseParamId(req: FastifyRequest): string {
  const p = String((req.params as Record<string, string>).caseId);
  return p.startsWith('case_') ? p : caseIdFor(p);
}

export function isGlobalAction(a: string): a is GlobalAction {
  return (GLOBAL_ACTIONS as readonly string[]).includes(a);
}

/** True when the action changes case data (used by rate limits and read-only roles later). */
export function isWriteAction(action: CaseAction | GlobalAction): boolean {
  return WRITE_ACTIONS.has(action as CaseAction);
}
