import { createCompany, listCompanies } from '../../companies/service.ts';
import type { CommandContext } from '../commands.ts';
import { withDatabase } from './database.ts';

export async function createCompanyCommand(ctx: CommandContext) {
  const company = await withDatabase(ctx.config, (d) => createCompany(d.db, ctx.values.name as string));
  ctx.out(`Created company ${company.name}: ${company.id}`, company);
}

export async function listCompaniesCommand(ctx: CommandContext) {
  const companies = await withDatabase(ctx.config, (d) => listCompanies(d.db));
  const lines = companies.map((c) => `${c.id}  ${c.name}  (${c.live_api_keys} live key${c.live_api_keys === 1 ? '' : 's'}, created ${c.created_at.toISOString().slice(0, 10)})`);
  ctx.out(lines.length ? lines.join('\n') : 'No companies yet: naybourhood company create --name NAME', { data: companies });
}
