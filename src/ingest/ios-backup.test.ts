// iTunes/Finder backups end to end through the runner: hashed files presented under their logical
// domain paths (hashed name kept as the stored path), the same backup inside a zip, an encrypted
// backup reported file by file as not supported, an iOS 9-era backup, an unreadable Manifest.db,
// files missing from or unknown to the manifest, and sources left byte for byte unchanged.
import { afterEach, describe, expect, it } from 'vitest';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import { ingest } from './runner.js';
import { backupFileId } from './ios-backup.js';
import { tempCase, type TempStore } from '../testkit/temp-store.js';
import type { CaseRecord } from '../store/queries/cases.js';
import { buildZip } from '../testkit/zip-builder.js';
import { sha256File } from '../evidence/hash-file.js';
import { writeCanonicalExport } from '../report/canonical-export.js';
import { iosBackupWriter, fileIdOf, writeIosBackup } from '../generator/writers/ios-backup.js';
import { writeIosSms } from '../generator/writers/ios-sms.js';
import { iosTestDevice, smsFixture } from '../testkit/ios-device.js';
import { ErrorCodes } from '../model/errors.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'tl-backup-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

async function store(): Promise<TempStore & { kase: CaseRecord }> {
  const t = await tempCase();
  cleanups.push(() => t.cleanup());
  return t;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

const UDID_RE = /^Backup\/[0-9a-f]{40}$/;

describe('iTunes/Finder backups', () => {
  it('presents each hashed file under its domain path and parses it, keeping the hashed name', async () => {
    const dir = tmp();
    const device = iosTestDevice();
    const out = await iosBackupWriter.write(dir, device);
    const root = out.files[0]!.split('/').slice(0, 2).join('/');
    expect(root).toMatch(UDID_RE);
    const smsId = fileIdOf('HomeDomain', 'Library/SMS/sms.db');
    expect(smsId).toBe('3d0d7e5fb2ce288813306e4d4636395e047a3d28');
    expect(backupFileId('HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb')).toBe(
      '31bb7ba8914766d4ba40d6dfb6113c8b614be442',
    );
    expect(out.files).toContain(`${root}/3d/${smsId}`);

    const before = await Promise.all(listFiles(dir).map(async (f) => (await sha256File(f)).sha256));
    const t = await store();
    const r = await ingest(t.store, {
      caseRef: 'TEST-1',
      inputs: [join(dir, root)],
      deviceLabel: 'iPhone',
      toolVersion: 'test',
    });
    const udid = root.split('/')[1]!;
    const by = (p: string) => r.sources.find((s) => s.path === `${udid}/${p}`)!;

    const sms = by('HomeDomain/Library/SMS/sms.db');
    expect([sms.status, sms.parser]).toEqual(['parsed', 'ios-sms@1.0.0']);
    expect(by('HomeDomain/Library/SMS/sms.db-wal').status).toBe('companion');
    expect(by('HomeDomain/Library/CallHistoryDB/CallHistory.storedata').parser).toBe(
      'ios-callhistory@1.0.0',
    );
    expect(by('HomeDomain/Library/AddressBook/AddressBook.sqlitedb').parser).toBe(
      'ios-addressbook@1.0.0',
    );
    expect(by('AppDomainGroup-group.net.whatsapp.WhatsApp.shared/ChatStorage.sqlite').parser).toBe(
      'whatsapp-ios@1.0.0',
    );
    expect(by('WirelessDomain/Library/Preferences/com.apple.commcenter.plist').parser).toBe(
      'ios-commcenter@1.0.0',
    );
    expect(by('Info.plist').parser).toBe('ios-backup-info@1.0.0');
    expect(by('Manifest.plist').parser).toBe('ios-backup-info@1.0.0');
    const manifest = by('Manifest.db');
    expect(manifest.status).toBe('container');
    expect(manifest.counts).toEqual({ files: out.files.length - 4 });
    // no hashed name is left unmapped
    expect(r.sources.filter((s) => /\/[0-9a-f]{40}$/.test(s.path))).toEqual([]);

    // totals equal what the writer says a parser reads back
    const totals: Record<string, number> = {};
    const KIND: Record<string, string> = {
      message: 'messages',
      call: 'calls',
      contact: 'contacts',
      thread: 'threads',
      media: 'media',
      location: 'locations',
      'device-info': 'device-info',
      'identifier-link': 'accounts',
    };
    for (const [k, v] of Object.entries(out.counts))
      if (v) totals[KIND[k]!] = (totals[KIND[k]!] ?? 0) + v;
    expect(r.counts).toEqual({ ...totals, files: out.files.length - 4 });

    // the hashed name is provenance
    const row = await t.store.db
      .selectFrom('sources')
      .select(['path', 'stored_path'])
      .where('path', '=', `${udid}/HomeDomain/Library/SMS/sms.db`)
      .executeTakeFirstOrThrow();
    expect(row.stored_path).toBe(`${udid}/3d/${smsId}`);
    const plain = await t.store.db
      .selectFrom('sources')
      .select('stored_path')
      .where('path', '=', `${udid}/Info.plist`)
      .executeTakeFirstOrThrow();
    expect(plain.stored_path).toBeNull();
    const outStream = new PassThrough();
    const chunks: Buffer[] = [];
    outStream.on('data', (c: Buffer) => chunks.push(c));
    await writeCanonicalExport(t.store, t.kase.id, outStream);
    const lines = Buffer.concat(chunks)
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const src = lines.find(
      (l) => l.kind === 'source' && l.path === `${udid}/HomeDomain/Library/SMS/sms.db`,
    )!;
    expect(src.storedPath).toBe(`${udid}/3d/${smsId}`);
    const msg = lines.find((l) => l.kind === 'message')! as { source: { path: string } };
    expect(msg.source.path).toMatch(new RegExp(`^${udid}/`));

    // device facts from Info.plist / Manifest.plist
    const dev = await t.store.db
      .selectFrom('devices')
      .select(['model', 'os', 'name'])
      .executeTakeFirstOrThrow();
    expect(dev).toEqual({ model: 'iPhone14,2', os: 'iOS 16.5', name: 'D9 iPhone' });
    const ids = await t.store.db
      .selectFrom('device_identifiers')
      .select(['key', 'role'])
      .distinct()
      .orderBy('key')
      .execute();
    expect(ids).toEqual([
      { key: 'iccid:8944100000000000018', role: 'iccid' },
      { key: 'imei:356938035643809', role: 'imei' },
      { key: 'imsi:234150000000001', role: 'imsi' },
      { key: 'phone:+447700900100', role: 'owner' },
      { key: 'whatsapp:447700900100@s.whatsapp.net', role: 'account' },
    ]);
    const after = await Promise.all(listFiles(dir).map(async (f) => (await sha256File(f)).sha256));
    expect(after).toEqual(before);
  });

  it('reads the same backup from inside a zip', async () => {
    const dir = tmp();
    const out = await iosBackupWriter.write(dir, iosTestDevice());
    const root = out.files[0]!.split('/').slice(0, 2).join('/');
    const zipPath = join(tmp(), 'backup.zip');
    writeFileSync(
      zipPath,
      buildZip(
        listFiles(join(dir, root)).map((f) => ({
          name: `${root.split('/')[1]}/${relative(join(dir, root), f)}`,
          data: readFileSync(f),
        })),
      ),
    );
    const t = await store();
    const r = await ingest(t.store, { caseRef: 'TEST-1', inputs: [zipPath], toolVersion: 'test' });
    const sms = r.sources.find((s) => s.path.endsWith('/HomeDomain/Library/SMS/sms.db'))!;
    expect(sms.path).toMatch(/^backup\.zip!\/[0-9a-f]{40}\/HomeDomain\/Library\/SMS\/sms\.db$/);
    expect([sms.status, sms.parser]).toEqual(['parsed', 'ios-sms@1.0.0']);
    expect(sms.counts.messages).toBe(5);
    const row = await t.store.db
      .selectFrom('sources')
      .select(['stored_path', 'container_id'])
      .where('path', '=', sms.path)
      .executeTakeFirstOrThrow();
    expect(row.stored_path).toMatch(
      /^backup\.zip!\/[0-9a-f]{40}\/3d\/3d0d7e5fb2ce288813306e4d4636395e047a3d28$/,
    );
    expect(row.container_id).toBe(r.sources.find((s) => s.path === 'backup.zip')!.id);
    expect(r.counts.messages).toBe(out.counts.message);
  });

  it('reports every file of an encrypted backup as not supported, with a specific message', async () => {
    const dir = tmp();
    const work = tmp();
    const sms = join(work, 'sms.db');
    writeIosSms(sms, smsFixture());
    const udid = 'a'.repeat(40);
    const root = join(dir, udid);
    writeIosBackup(
      root,
      [{ domain: 'HomeDomain', relativePath: 'Library/SMS/sms.db', source: sms }],
      {
        udid,
        deviceName: 'Locked',
        productType: 'iPhone15,2',
        productVersion: '17.1',
        serial: 'FABCDEF',
        date: new Date(Date.UTC(2024, 0, 1)),
        encrypted: true,
      },
    );
    const t = await store();
    const r = await ingest(t.store, { caseRef: 'TEST-1', inputs: [root], toolVersion: 'test' });
    const hashed = r.sources.find((s) =>
      s.path.endsWith(fileIdOf('HomeDomain', 'Library/SMS/sms.db')),
    )!;
    expect(hashed.status).toBe('unsupported');
    expect(hashed.errorCode).toBe(ErrorCodes.ENCRYPTED_BACKUP);
    expect(hashed.errorMessage).toMatch(
      /encrypted iTunes\/Finder backup \(Manifest\.plist IsEncrypted\)/,
    );
    const manifest = r.sources.find((s) => s.path.endsWith('/Manifest.db'))!;
    expect([manifest.status, manifest.errorCode]).toEqual([
      'unsupported',
      ErrorCodes.ENCRYPTED_BACKUP,
    ]);
    expect(r.counts.messages ?? 0).toBe(0);
    const info = r.sources.find((s) => s.path.endsWith('/Manifest.plist'))!;
    expect(info.status).toBe('parsed');
    const dev = await t.store.db
      .selectFrom('devices')
      .select(['facts', 'model'])
      .executeTakeFirstOrThrow();
    expect(JSON.parse(dev.facts)['backup.isEncrypted']).toBe('true');
    expect(dev.model).toBe('iPhone15,2');
  });

  it('records files missing from the folder, files unknown to the manifest, and an iOS 9-era backup', async () => {
    const dir = tmp();
    const work = tmp();
    const sms = join(work, 'sms.db');
    writeIosSms(sms, smsFixture());
    const udid = 'b'.repeat(40);
    const root = join(dir, udid);
    writeIosBackup(
      root,
      [
        { domain: 'HomeDomain', relativePath: 'Library/SMS/sms.db', source: sms },
        { domain: 'HomeDomain', relativePath: 'Library/Notes/notes.sqlite', source: sms },
      ],
      {
        udid,
        deviceName: 'X',
        productType: 'iPhone14,2',
        productVersion: '16.5',
        serial: 'F1',
        date: new Date(0),
      },
    );
    rmSync(join(root, fileIdOf('HomeDomain', 'Library/Notes/notes.sqlite').slice(0, 2)), {
      recursive: true,
    });
    const stray = 'c'.repeat(40);
    mkdirSync(join(root, 'cc'));
    writeFileSync(join(root, 'cc', stray), 'not listed');
    // an old backup beside it: Manifest.mbdb and flat hashed names
    const old = join(dir, 'd'.repeat(40));
    mkdirSync(old);
    writeFileSync(join(old, 'Manifest.mbdb'), Buffer.from('mbdb\u0005\u0000'));
    writeFileSync(join(old, 'e'.repeat(40)), 'old file');
    const t = await store();
    const r = await ingest(t.store, { caseRef: 'TEST-1', inputs: [dir], toolVersion: 'test' });
    const manifest = r.sources.find((s) => s.path.endsWith(`${udid}/Manifest.db`))!;
    expect(manifest.counts).toEqual({ files: 1, missing: 1 });
    expect(manifest.errorMessage).toBe(
      '1 files listed in Manifest.db are not in the backup folder',
    );
    const strayRow = r.sources.find((s) => s.path.endsWith(`/cc/${stray}`))!;
    expect(strayRow.anomalies).toContain('backup-file-not-in-manifest');
    expect(strayRow.status).toBe('unsupported');
    const legacy = r.sources.find((s) => s.path.endsWith(`/${'e'.repeat(40)}`))!;
    expect([legacy.status, legacy.errorCode]).toEqual([
      'unsupported',
      ErrorCodes.UNSUPPORTED_FORMAT,
    ]);
    expect(legacy.errorMessage).toMatch(/iOS 9 or older iTunes backup \(Manifest\.mbdb index\)/);
    expect(
      r.sources.find((s) => s.path.endsWith(`${udid}/HomeDomain/Library/SMS/sms.db`))!.status,
    ).toBe('parsed');
  });

  it('reads the files by content under their hashed names when Manifest.db is unreadable', async () => {
    const dir = tmp();
    const work = tmp();
    const sms = join(work, 'sms.db');
    writeIosSms(sms, smsFixture());
    const udid = 'f'.repeat(40);
    const root = join(dir, udid);
    writeIosBackup(
      root,
      [{ domain: 'HomeDomain', relativePath: 'Library/SMS/sms.db', source: sms }],
      {
        udid,
        deviceName: 'X',
        productType: 'iPhone14,2',
        productVersion: '16.5',
        serial: 'F1',
        date: new Date(0),
      },
    );
    writeFileSync(
      join(root, 'Manifest.db'),
      Buffer.alloc(statSync(join(root, 'Manifest.db')).size, 7),
    );
    rmSync(join(root, 'Manifest.plist'));
    const t = await store();
    const r = await ingest(t.store, { caseRef: 'TEST-1', inputs: [root], toolVersion: 'test' });
    const manifest = r.sources.find((s) => s.path.endsWith('/Manifest.db'))!;
    expect([manifest.status, manifest.errorCode]).toEqual(['failed', ErrorCodes.PARSE_ERROR]);
    expect(manifest.errorMessage).toMatch(/may be encrypted; its files are read by their content/);
    const hashed = r.sources.find((s) =>
      s.path.endsWith('/3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28'),
    )!;
    expect([hashed.status, hashed.parser]).toEqual(['parsed', 'ios-sms@1.0.0']);
  });
});
