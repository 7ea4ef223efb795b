CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"company_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"permissions" text[] NOT NULL,
	"rate_limit_per_minute" integer,
	"last_used_at" timestamp (3) with time zone,
	"revoked_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "companies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"company_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer,
	"response_body" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "developments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"company_id" uuid NOT NULL,
	"name" text NOT NULL,
	"location" text,
	"status" text DEFAULT 'Active' NOT NULL,
	"total_units" integer,
	"price_from" integer,
	"price_to" integer,
	"unit_mix" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lead_scores" (
	"id" uuid PRIMARY KEY NOT NULL,
	"company_id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	"quality_score" integer NOT NULL,
	"intent_score" integer NOT NULL,
	"confidence_score" integer NOT NULL,
	"classification" text NOT NULL,
	"scored_by" text NOT NULL,
	"engine_version" text NOT NULL,
	"scored_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leads" (
	"id" uuid PRIMARY KEY NOT NULL,
	"company_id" uuid NOT NULL,
	"development_id" uuid,
	"full_name" text NOT NULL,
	"email" text,
	"phone" text,
	"budget" text,
	"payment_method" text,
	"timeline" text,
	"purpose" text,
	"location" text,
	"bedrooms" integer,
	"source" text,
	"category" text DEFAULT 'BUYER' NOT NULL,
	"notes" text,
	"utm" jsonb,
	"attributes" jsonb,
	"status" text DEFAULT 'Contact Pending' NOT NULL,
	"classification" text NOT NULL,
	"quality_score" integer NOT NULL,
	"intent_score" integer NOT NULL,
	"confidence_score" integer NOT NULL,
	"call_priority" integer NOT NULL,
	"call_priority_reason" text NOT NULL,
	"response_time" text NOT NULL,
	"is_28_day_buyer" boolean NOT NULL,
	"is_fake_lead" boolean NOT NULL,
	"risk_flags" jsonb NOT NULL,
	"p_fin" real NOT NULL,
	"p_show" real NOT NULL,
	"p_sql" real NOT NULL,
	"score_breakdown" jsonb NOT NULL,
	"engine_version" text NOT NULL,
	"scored_at" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"company_id" uuid NOT NULL,
	"type" text NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"dispatched_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "developments" ADD CONSTRAINT "developments_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_scores" ADD CONSTRAINT "lead_scores_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_scores" ADD CONSTRAINT "lead_scores_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_development_id_developments_id_fk" FOREIGN KEY ("development_id") REFERENCES "public"."developments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_idx" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_company_idx" ON "api_keys" USING btree ("company_id");--> statement-breakpoint
CREATE UNIQUE INDEX "idempotency_keys_pk" ON "idempotency_keys" USING btree ("company_id","key");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "developments_company_idx" ON "developments" USING btree ("company_id","created_at");--> statement-breakpoint
CREATE INDEX "lead_scores_lead_idx" ON "lead_scores" USING btree ("lead_id","scored_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "leads_company_email_live_idx" ON "leads" USING btree ("company_id",lower("email")) WHERE "leads"."status" <> 'Archived' and "leads"."email" is not null;--> statement-breakpoint
CREATE INDEX "leads_company_created_idx" ON "leads" USING btree ("company_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "leads_company_classification_idx" ON "leads" USING btree ("company_id","classification","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "leads_company_status_idx" ON "leads" USING btree ("company_id","status","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "leads_company_source_idx" ON "leads" USING btree ("company_id","source","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "leads_company_category_idx" ON "leads" USING btree ("company_id","category","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "leads_company_development_idx" ON "leads" USING btree ("company_id","development_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "leads_search_name_trgm_idx" ON "leads" USING gin (lower("full_name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "leads_search_email_trgm_idx" ON "leads" USING gin (lower("email") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "events_undispatched_idx" ON "events" USING btree ("created_at") WHERE "events"."dispatched_at" is null;