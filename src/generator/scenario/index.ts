// Builds the scenario world for a seed: the live case (Operation Kestrel) with its plots, and with
// `family` the two closed cases that share identifiers with it.
import { Rng } from '../rng.js';
import { World } from './world.js';
import { LIVE, addLiveCast } from './live-cast.js';
import { LIVE_PERIOD, addLiveDevices } from './live-devices.js';
import { countyLines } from './plots/county-lines.js';
import { grooming } from './plots/grooming.js';
import { sextortion } from './plots/sextortion.js';
import { modernSlavery } from './plots/modern-slavery.js';
import { spanishNetwork } from './plots/spanish-network.js';
import { lookalikes } from './plots/lookalikes.js';
import { background } from './plots/background.js';
import { addClosedCases } from './closed-cases.js';

export interface ScenarioOptions {
  seed: number;
  /** Add the closed cases of 2014 and 2018 that share identifiers with the live case. */
  family?: boolean;
}

/** The plots of the live case, in build order (each draws from its own random stream). */
export const LIVE_PLOTS: ReadonlyArray<{ id: string; build: (w: World, rng: Rng) => void }> = [
  { id: 'county-lines', build: countyLines },
  { id: 'grooming', build: grooming },
  { id: 'sextortion', build: sextortion },
  { id: 'modern-slavery', build: modernSlavery },
  { id: 'spanish-network', build: spanishNetwork },
  { id: 'lookalikes', build: lookalikes },
  { id: 'background', build: background },
];

export function buildWorld(opts: ScenarioOptions): World {
  const rng = new Rng(opts.seed);
  const w = new World();
  w.cases.push({
    ref: LIVE,
    title: 'Operation Kestrel (synthetic): county lines, exploitation and extortion, 2024',
    status: 'live',
    crimeTypes: ['county-lines', 'cse', 'modern-slavery', 'sextortion'],
    ...LIVE_PERIOD,
  });
  addLiveCast(w);
  addLiveDevices(w);
  for (const p of LIVE_PLOTS) p.build(w, rng.fork(p.id));
  if (opts.family) addClosedCases(w, rng.fork('closed'));
  return w;
}

export { LIVE };
