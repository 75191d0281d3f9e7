// The CLI in multi-user mode: the first administrator is created from the console, later accounts
// only by an administrator; commands sign in with --user (password from stdin, never a flag) and
// pass the same policy as the API: non-members and the anonymous are refused case data,
// membership is granted by CLI, reading the audit needs a supervisor or administrator.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCliInProcess } from '../../testkit/run-cli-in-process.js';
import type { AuditRecord } from '../../security/store-audit-sink.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-admin-cli-'));
const data = join(dir, 'data');
mkdirSync(data);
writeFileSync(join(data, 'threadline.config.json'), JSON.stringify({ auth: { required: true } }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PW = {
  chief: 'chief password 0001',
  ivy: 'ivy password 000002',
  otto: 'otto password 00003',
};
const cli = (args: string[], stdin = '') =>
  runCliInProcess(['--data', data, '--json', ...args], { stdin });
const as = (user: keyof typeof PW, args: string[], more = '') =>
  cli(['--user', user, ...args], `${PW[user]}\n${more}`);
const errorCode = (r: { stderr: string }) =>
  (JSON.parse(r.stderr) as { error: { code: string } }).error.code;

describe('threadline admin and case access in multi-user mode', () => {
  it('bootstraps an administrator, signs in per command, and enforces membership', async () => {
    const first = await cli(
      ['admin', 'create-user', 'chief', '--role', 'administrator', 'supervisor'],
      PW.chief,
    );
    expect(first.status, first.stderr).toBe(0);
    expect(first.json()).toMatchObject({
      username: 'chief',
      roles: ['administrator', 'supervisor'],
    });
    // once an account exists, only an administrator creates more
    const anon = await cli(
      ['admin', 'create-user', 'eve', '--role', 'administrator'],
      'x'.repeat(20),
    );
    expect(anon.status).toBe(1);
    expect(errorCode(anon)).toBe('FORBIDDEN');
    expect(
      (await as('chief', ['admin', 'create-user', 'ivy', '--role', 'investigator'], PW.ivy)).status,
    ).toBe(0);
    expect(
      (await as('chief', ['admin', 'create-user', 'otto', '--role', 'investigator'], PW.otto))
        .status,
    ).toBe(0);

    // ivy creates a case and is its first member
    const created = await as('ivy', ['case', 'create', 'OP-MULTI']);
    expect(created.status, created.stderr).toBe(0);
    expect((await as('ivy', ['search', 'OP-MULTI', 'meet'])).status).toBe(0);

    // refused: another investigator who is not a member, nobody signed in, a wrong password
    const otto = await as('otto', ['search', 'OP-MULTI', 'meet']);
    expect(otto.status).toBe(1);
    expect(errorCode(otto)).toBe('FORBIDDEN');
    const nobody = await cli(['stats', 'OP-MULTI']);
    expect(errorCode(nobody)).toBe('FORBIDDEN');
    const wrong = await cli(['--user', 'ivy', 'stats', 'OP-MULTI'], 'not the password');
    expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
    // the case list shows only the actor's cases
    expect((await as('otto', ['case', 'list'])).json()).toEqual([]);
    // an investigator may not read the audit, nor grant access
    expect(errorCode(await as('ivy', ['audit', 'list']))).toBe('FORBIDDEN');
    expect(errorCode(await as('ivy', ['case', 'grant', 'OP-MULTI', 'otto']))).toBe('FORBIDDEN');

    // the administrator grants otto access; then otto may search
    const grant = await as('chief', [
      'case',
      'grant',
      'OP-MULTI',
      'otto',
      '--purpose',
      'joins the team',
    ]);
    expect(grant.json()).toEqual({ case: 'OP-MULTI', granted: 'otto', changed: true });
    expect((await as('otto', ['search', 'OP-MULTI', 'meet'])).status).toBe(0);
    const members = await as('ivy', ['case', 'members', 'OP-MULTI']);
    expect((members.json() as Array<{ username: string }>).map((m) => m.username)).toEqual([
      'ivy',
      'otto',
    ]);

    // the audit tells the story, and the chain is intact
    const log = await as('chief', ['audit', 'list', '--limit', '200']);
    expect(log.status, log.stderr).toBe(0);
    const entries = log.json<{ entries: AuditRecord[] }>().entries.reverse();
    const users = (await as('chief', ['admin', 'list-users'])).json<
      Array<{ id: string; username: string }>
    >();
    const id = (name: string) => users.find((u) => u.username === name)!.id;
    const search = entries.filter((e) => e.action === 'search.query');
    expect(search.map((e) => [e.actor, e.outcome])).toEqual([
      [id('ivy'), 'success'],
      [id('otto'), 'denied'],
      [id('otto'), 'success'],
    ]);
    expect(entries.find((e) => e.action === 'user.create')).toMatchObject({ actor: 'bootstrap' });
    expect(
      entries.find((e) => e.action === 'access.grant' && e.objects[0] === id('otto')),
    ).toMatchObject({
      actor: id('chief'),
      purpose: 'joins the team',
    });
    const logins = entries.filter((e) => e.action === 'session.login');
    expect(logins.filter((e) => e.outcome === 'denied').map((e) => e.details.reason)).toEqual([
      'wrong password',
    ]);
    expect(entries.filter((e) => e.action === 'session.logout').length).toBe(
      logins.filter((e) => e.outcome === 'success').length - 1, // the list above is still signed in
    );
    expect((await as('chief', ['audit', 'verify'])).json()).toMatchObject({ ok: true });
  }, 120_000);
});
