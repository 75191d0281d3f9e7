// Time source for security decisions (lockout, session expiry, TOTP, audit time): injectable so
// tests control it.
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2026, 0, 1)): Clock & {
  set(ms: number): void;
  advance(ms: number): void;
} {
  let now = start;
  const c = (() => now) as Clock & { set(ms: number): void; advance(ms: number): void };
  c.set = (ms) => (now = ms);
  c.advance = (ms) => (now += ms);
  return c;
}
