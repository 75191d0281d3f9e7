// Fastify 5 depends on cookie@2 and content-disposition@3, which declare Node >= 22. They are
// ES modules loaded through require(esm) (default from Node 20.19): prove both work on this Node.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import Fastify from 'fastify';
import fastifyStatic from '@fastify/static';

describe('Node 20 compatibility of Fastify dependencies', () => {
  it('sets and reads cookies (cookie@2) and sends downloads (content-disposition@3)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-compat-'));
    writeFileSync(join(dir, 'report ü.html'), '<p>x</p>');
    const app = Fastify();
    await app.register(fastifyStatic, { root: dir, serve: false });
    app.get('/c', async (req, reply) => {
      reply.header('set-cookie', 'sid=abc; Path=/; HttpOnly; SameSite=Strict');
      return { got: req.headers.cookie ?? null };
    });
    app.get('/d', (_req, reply) => reply.download('report ü.html'));
    try {
      const c = await app.inject({ url: '/c', cookies: { theme: 'plain' } });
      expect(c.json()).toEqual({ got: 'theme=plain' });
      expect(c.cookies).toMatchObject([
        { name: 'sid', value: 'abc', httpOnly: true, sameSite: 'Strict' },
      ]);
      const d = await app.inject({ url: '/d' });
      expect(d.statusCode).toBe(200);
      expect(d.headers['content-disposition']).toBe(
        `attachment; filename="report ?.html"; filename*=UTF-8''report%20%C3%BC.html`,
      );
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
