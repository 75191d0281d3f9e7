// `threadline common <ref> <device> <device>`: the numbers and accounts both phones know, how each
// saved them and how often each was in contact.
import { openCase } from '../case-guard.js';
import type { RegisterCommand } from '../command.js';
import { printResult, table } from '../output.js';
import { GraphService } from '../../graph/graph-service.js';
import type { DeviceSide } from '../../graph/common-contacts.js';

const side = (s: DeviceSide) => [
  s.savedAs.join(' / ') || s.shownAs.join(' / ') || '-',
  `${s.messages} msg, ${s.calls} calls${s.contactEntries ? ', saved' : ''}`,
];

export const registerCommon: RegisterCommand = (program, deps) => {
  program
    .command('common <ref> <deviceA> <deviceB>')
    .description('contacts two seized devices have in common (device id, label or exhibit)')
    .action(async (ref: string, da: string, db: string, _o, c) =>
      deps.withApp(c, async (app, g) => {
        const kase = await openCase(app, ref, 'graph.view', { record: false });
        const r = await new GraphService(app.store).common(kase.id, da, db);
        await app.audit.record({
          actor: app.actor.id,
          action: 'graph.common',
          caseId: kase.id,
          objects: [r.a.id, r.b.id],
          outcome: 'success',
          origin: 'cli',
        });
        printResult(g, r, () => {
          const out = [
            `${r.common.length} identifiers known to both ${r.a.label} and ${r.b.label}`,
          ];
          if (r.common.length)
            out.push(
              table(
                r.common.map((x) => [x.value, ...side(x.a), ...side(x.b)]),
                [
                  'IDENTIFIER',
                  `SAVED ON ${r.a.label}`,
                  'CONTACT',
                  `SAVED ON ${r.b.label}`,
                  'CONTACT',
                ],
              ),
            );
          for (const d of r.direct)
            out.push(
              `direct: ${d.key} (owner of ${d.ownerOf === 'a' ? r.a.label : r.b.label}) appears on the other device: ${side(d.on).join(', ')}`,
            );
          return out.join('\n');
        });
      }),
    );
};
