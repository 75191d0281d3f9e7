// A local stand-in for a translation service's HTTP API (LibreTranslate, Azure, DeepL, an
// OpenAI-compatible server), for the HTTP engines' tests. It is a TEST DOUBLE at a network
// boundary the tests cannot reach (cloud services, a force's own servers): each engine's test
// gives it routes speaking that service's documented request and response shapes; it records
// every request, can be told to answer the next requests with errors (429 with Retry-After,
// 5xx, quota), and "translates" with a small Spanish→English word list so results are checkable.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A word list, enough for the contract samples and the router tests. */
const WORDS: Record<string, string> = {
  tengo: 'I have',
  una: 'a',
  un: 'a',
  idea: 'idea',
  diferente: 'different',
  este: 'this',
  coche: 'car',
  es: 'is',
  rápido: 'fast',
  cuántos: 'how many',
  años: 'years',
  tiene: 'has',
  tu: 'your',
  tío: 'uncle',
  hola: 'hello',
  amigo: 'friend',
  comida: 'food',
  para: 'for',
  ti: 'you',
  esta: 'this',
  noche: 'night',
  dónde: 'where',
  estás: 'are you',
};

/** Word-for-word "translation" (unknown words kept), so tests can assert content. */
export function fakeTranslate(text: string): string {
  return text.replace(/\p{L}+/gu, (w) => {
    const t = WORDS[w.toLowerCase()];
    if (!t) return w;
    return w[0] === w[0]!.toUpperCase() ? t[0]!.toUpperCase() + t.slice(1) : t;
  });
}

export class FakeTranslationService {
  readonly app: FastifyInstance;
  readonly requests: RecordedRequest[] = [];
  /** Every request that arrived, faulted ones included (`METHOD path`). */
  readonly attempts: string[] = [];
  private readonly faults: Fault[] = [];
  url = '';

  constructor(routes: (app: FastifyInstance, svc: FakeTranslationService) => void) {
    this.app = Fastify({ logger: false, bodyLimit: 16 * 1024 * 1024 });
    this.app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      this.attempts.push(`${req.method} ${req.url.split('?')[0]}`);
      const f = this.faults.shift();
      if (f) {
        for (const [k, v] of Object.entries(f.headers ?? {})) void reply.header(k, v);
        return reply.code(f.status).send(f.body ?? { error: `fault ${f.status}` });
      }
      return undefined;
    });
    this.app.addHook('preHandler', async (req: FastifyRequest) => {
      this.requests.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: req.body,
      });
    });
    routes(this.app, this);
  }

  /** Answer the next requests with these errors, in order (before routing). */
  failNext(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** Requests to a path (ignoring the query string). */
  calls(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.url.split('?')[0] === path);
  }

  async start(): Promise<string> {
    this.url = await this.app.listen({ host: '127.0.0.1', port: 0 });
    return this.url;
  }

  async stop(): Promise<void> {
    await this.app.close();
  }
}

/** A URL nothing listens on (a port just closed). */
export async function closedPortUrl(): Promise<string> {
  const app = Fastify();
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  await app.close();
  return url;
}
