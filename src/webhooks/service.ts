/** The rules of webhook subscriptions. Routes only call these. */
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { webhookDeliveries, webhookSubscriptions } from '../db/schema/index.ts';
import { toDbTimestamp } from '../db/timestamp.ts';
import { invalid, invalidField, notFound } from '../errors.ts';
import { isUuid } from '../ids.ts';
import type { Context, Tenant } from '../context/context.ts';
import { recordAttempt, secretContext, sendSigned } from './delivery.ts';
import { toDeliveryResponse, toWebhookResponse, type DeliveryRow, type SubscriptionRow } from './mapping.ts';
import type { DeliveryListQuery, WebhookCreate, WebhookPatch } from './schemas.ts';
import type { WebhookSender } from './sender.ts';
import { eventBody, generateSecret, TEST_EVENT_TYPE } from './signature.ts';
import { BlockedUrlError, checkUrlTarget, parseWebhookUrl, type Resolver } from './ssrf.ts';

/** A bound on fan-out work per event that no honest integration comes near. */
export const MAX_SUBSCRIPTIONS_PER_COMPANY = 50;

export interface WebhookDeps {
  config: Pick<Config, 'webhookAllowPrivateUrls' | 'webhookRetryBaseMs' | 'webhookDisableAfterHours'>;
  sender: WebhookSender;
  secretBox: () => Promise<SecretBox>;
  resolver?: Resolver;
}

export async function createSubscription(tenant: Context, deps: WebhookDeps, input: WebhookCreate) {
  const url = await checkedUrl(deps, input.url);
  const [{ n }] = (await tenant.db.select({ n: count() }).from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.companyId, tenant.companyId), isNull(webhookSubscriptions.deletedAt)))) as [{ n: number }];
  if (n >= MAX_SUBSCRIPTIONS_PER_COMPANY) throw invalid(`A company can have at most ${MAX_SUBSCRIPTIONS_PER_COMPANY} webhooks`);
  const id = randomUUID();
  const secret = generateSecret();
  const box = await deps.secretBox();
  const [row] = await tenant.db
    .insert(webhookSubscriptions)
    .values({ id, companyId: tenant.companyId, url, events: input.events, description: input.description ?? null, secretCiphertext: box.seal(secret, secretContext(id)) })
    .returning();
  return { ...toWebhookResponse(row!), secret };
}

export async function listSubscriptions(tenant: Tenant) {
  const rows = await tenant.db.select().from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.companyId, tenant.companyId), isNull(webhookSubscriptions.deletedAt)))
    .orderBy(desc(webhookSubscriptions.createdAt), desc(webhookSubscriptions.id));
  return rows.map(toWebhookResponse);
}

export async function getSubscription(tenant: Tenant, id: string): Promise<SubscriptionRow> {
  const [row] = await tenant.db.select().from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.companyId, tenant.companyId), isNull(webhookSubscriptions.deletedAt)));
  if (!row) throw notFound('Webhook');
  return row;
}

export async function updateSubscription(tenant: Context, deps: WebhookDeps, id: string, patch: WebhookPatch) {
  const current = await getSubscription(tenant, id);
  const changes: Partial<SubscriptionRow> = {};
  if (patch.url !== undefined) changes.url = await checkedUrl(deps, patch.url);
  if (patch.events !== undefined) changes.events = patch.events;
  if (patch.description !== undefined) changes.description = patch.description;
  if (patch.status === 'active' && current.status !== 'active') {
    Object.assign(changes, { status: 'active', disabledReason: null, disabledAt: null, failingSince: null });
  } else if (patch.status === 'disabled' && current.status !== 'disabled') {
    Object.assign(changes, { status: 'disabled', disabledReason: 'Disabled by its owner', disabledAt: new Date() });
  }
  const [row] = await tenant.db.update(webhookSubscriptions).set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.companyId, tenant.companyId))).returning();
  return toWebhookResponse(row!);
}

/** Soft delete: pending deliveries see it and stop; the log stays for its 30 days. */
export async function deleteSubscription(tenant: Context, id: string): Promise<void> {
  await getSubscription(tenant, id);
  await tenant.db.update(webhookSubscriptions).set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.companyId, tenant.companyId)));
}

export async function listDeliveries(tenant: Tenant, id: string, q: DeliveryListQuery) {
  await getSubscription(tenant, id);
  const limit = q.limit ?? 20;
  const conditions: SQL[] = [eq(webhookDeliveries.subscriptionId, id), eq(webhookDeliveries.companyId, tenant.companyId)];
  if (q.status) conditions.push(eq(webhookDeliveries.status, q.status));
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    conditions.push(sql`(${webhookDeliveries.attemptedAt}, ${webhookDeliveries.id}) < (${c.at.toISOString()}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await tenant.db.select().from(webhookDeliveries).where(and(...conditions))
    .orderBy(desc(webhookDeliveries.attemptedAt), desc(webhookDeliveries.id)).limit(limit + 1);
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { data: page.map(toDeliveryResponse), pagination: { nextCursor: hasMore && last ? encodeCursor(last) : null, hasMore } };
}

/** Sends one signed `webhook.test` event now (no retries) and answers with the logged attempt. */
export async function sendTestEvent(tenant: Context, deps: WebhookDeps, id: string) {
  const sub = await getSubscription(tenant, id);
  const eventId = randomUUID();
  const body = eventBody({
    id: eventId,
    type: TEST_EVENT_TYPE,
    createdAt: new Date(),
    data: { message: 'A test event from Naybourhood: your endpoint is reachable and can verify our signature.', webhook_id: sub.id },
  });
  const payload = { subscription_id: sub.id, event_id: eventId, event_type: TEST_EVENT_TYPE, body };
  const result = await sendSigned(deps, sub, payload, new Date());
  await recordAttempt({ db: tenant.db, config: deps.config }, sub, { job: null, payload, result, nextAttemptAt: null });
  const [row] = await tenant.db.select().from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.eventId, eventId), eq(webhookDeliveries.companyId, tenant.companyId)));
  return toDeliveryResponse(row!);
}

async function checkedUrl(deps: WebhookDeps, raw: string): Promise<string> {
  try {
    const url = parseWebhookUrl(raw);
    if (!deps.config.webhookAllowPrivateUrls) await checkUrlTarget(url, deps.resolver);
    return url.toString();
  } catch (err) {
    if (err instanceof BlockedUrlError) throw invalidField('url', err.message);
    throw err;
  }
}

function encodeCursor(row: Pick<DeliveryRow, 'attemptedAt' | 'id'>): string {
  return Buffer.from(JSON.stringify({ a: row.attemptedAt.toISOString(), i: row.id })).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { a?: unknown; i?: unknown };
    // Bounded like every timestamp from outside: a cursor of year 0 or +200000 is not ours.
    const at = typeof parsed.a === 'string' ? toDbTimestamp(parsed.a) : undefined;
    const id = String(parsed.i);
    if (!at || !isUuid(id)) throw new Error('bad cursor');
    return { at, id };
  } catch {
    throw invalidField('cursor', 'is not a cursor this API returned');
  }
}
