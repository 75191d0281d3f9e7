// The protective marking, shown at the top and bottom of every page (GSCP: OFFICIAL-SENSITIVE is a
// handling caveat; need-to-know applies to everything below it).
export function MarkingBanner({
  marking,
  position,
}: {
  marking: string;
  position: 'top' | 'bottom';
}) {
  return (
    <div
      className={`marking marking-${position}`}
      role={position === 'top' ? 'banner' : 'contentinfo'}
      aria-label={`protective marking ${marking}`}
      data-testid={`marking-${position}`}
    >
      {marking}
    </div>
  );
}
