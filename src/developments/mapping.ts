/** Between the development row and the wire format. */
import type { LeadStats } from '../stats/schemas.ts';
import type { DevelopmentRow } from './service.ts';

export function toDevelopmentResponse(row: DevelopmentRow) {
  return {
    id: row.id,
    name: row.name,
    location: row.location,
    status: row.status,
    total_units: row.totalUnits,
    price_from: row.priceFrom,
    price_to: row.priceTo,
    unit_mix: row.unitMix,
    archived_at: row.archivedAt,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export function toDevelopmentWithStats({ row, stats }: { row: DevelopmentRow; stats: LeadStats }) {
  return { ...toDevelopmentResponse(row), lead_stats: stats };
}
