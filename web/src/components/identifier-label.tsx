// An identifier with the name(s) devices saved it under; names from evidence shown safely.
import type { NameTable } from '../api/types';
import { identifierLabel, revealHidden } from '../api/format';

export function nameFor(
  names: NameTable | undefined,
  key: string | null,
  deviceId?: string,
): string | null {
  if (!key || !names) return null;
  const list = names[key];
  if (!list?.length) return null;
  return (deviceId ? list.find((n) => n.deviceId === deviceId) : undefined)?.name ?? list[0]!.name;
}

export function IdentifierLabel({
  idKey,
  names,
  deviceId,
}: {
  idKey: string | null;
  names?: NameTable;
  deviceId?: string;
}) {
  const name = nameFor(names, idKey, deviceId);
  const value = identifierLabel(idKey);
  return (
    <span className="identifier" title={idKey ?? undefined}>
      {name ? (
        <>
          <span className="id-name">{revealHidden(name)}</span>{' '}
          <span className="id-value">{value}</span>
        </>
      ) : (
        <span className="id-value">{value}</span>
      )}
    </span>
  );
}
