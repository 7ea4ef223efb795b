/** `naybourhood seed-demo [--leads N] [--company ID]`: demo data at any scale, with a progress bar. */
import type { Command } from './command.ts';
import { openConfiguredDatabase } from '../db/open.ts';
import { seedDemo } from '../demo/seed.ts';

/** A one-line bar on stderr, redrawn in place; silent when stderr is not a terminal (CI, pipes). */
function progressBar(stream: NodeJS.WriteStream) {
  if (!stream.isTTY) return undefined;
  const started = performance.now();
  let last = 0;
  return (done: number, total: number) => {
    const now = performance.now();
    if (done < total && now - last < 100) return;
    last = now;
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const rate = done / Math.max((now - started) / 1000, 0.001);
    const eta = rate > 0 ? Math.ceil((total - done) / rate) : 0;
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en-GB')}/${total.toLocaleString('en-GB')} leads  ${Math.round(rate)}/s  ETA ${eta}s `);
    if (done >= total) stream.write('\n');
  };
}

export const seedDemoCommand: Command = {
  name: ['seed-demo'],
  usage: 'seed-demo [--leads N] [--company ID]  create demo developments and N scored leads (default 5000)',
  options: { leads: { type: 'string', default: '5000' }, company: { type: 'string' } },
  async run(ctx) {
    const leads = Number(ctx.values.leads);
    if (!Number.isInteger(leads) || leads < 0 || leads > 10_000_000) throw new Error('--leads must be an integer from 0 to 10000000');
    const companyId = typeof ctx.values.company === 'string' ? ctx.values.company : undefined;
    const database = await openConfiguredDatabase(ctx.config);
    let result: Awaited<ReturnType<typeof seedDemo>>;
    try {
      await database.migrate();
      result = await seedDemo(database.db, { leads, companyId, actor: { kind: 'cli' }, onProgress: ctx.json ? undefined : progressBar(process.stderr) });
    } finally {
      await database.close();
    }
    const lines = [
      `Seeded ${result.leads.toLocaleString('en-GB')} leads and ${result.development_ids.length} developments in ${result.seconds}s (${result.leads_per_second}/s)`,
      `  Company: ${result.company_id}${result.company_created ? ' (new)' : ''}`,
    ];
    if (result.api_key) lines.push(`  API key (all permissions, shown once): ${result.api_key}`);
    ctx.out(lines.join('\n'), result);
  },
};
