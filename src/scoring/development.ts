/** The development's price band that applies to this lead (by bedrooms when the unit mix says). */
import type { DevelopmentPricing } from './types.ts';

export interface DevPrices {
  /** cheapest price that applies to this lead */
  price_from: number | null;
  price_to: number | null;
  /** prices come from the unit mix row for the lead's bedrooms */
  by_bedrooms: boolean;
  /** the unit mix is known and has no units with the wanted bedrooms */
  bedrooms_not_offered: boolean;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null;
}

/** `Object.keys(o).length > 0` without building the array of keys. */
function hasOwnKey(o: object): boolean {
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) return true;
  return false;
}

export function devPrices(dev: DevelopmentPricing | null | undefined, bedrooms: number | null): DevPrices | null {
  if (dev == null) return null;
  let from = num(dev.price_from);
  let to = num(dev.price_to);
  let byBeds = false;
  let notOffered = false;
  const mix = dev.unit_mix;
  if (mix != null && bedrooms !== null) {
    const row = mix[String(bedrooms)];
    if (row === undefined || row.count === 0) {
      notOffered = hasOwnKey(mix);
    } else {
      const rf = num(row.price_from);
      const rt = num(row.price_to);
      if (rf !== null || rt !== null) {
        from = rf ?? from;
        to = rt ?? to;
        byBeds = true;
      }
    }
  }
  if (from === null && to === null && !notOffered) return null;
  if (from !== null && to !== null && to < from) { const t = from; from = to; to = t; }
  return { price_from: from, price_to: to, by_bedrooms: byBeds, bedrooms_not_offered: notOffered };
}
