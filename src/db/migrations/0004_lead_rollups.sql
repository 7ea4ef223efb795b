CREATE TABLE "lead_daily_rollups" (
	"company_id" uuid NOT NULL,
	"development_id" uuid,
	"day" date NOT NULL,
	"classification" text NOT NULL,
	"status" text NOT NULL,
	"leads" integer NOT NULL,
	"quality_sum" bigint NOT NULL,
	"intent_sum" bigint NOT NULL,
	CONSTRAINT "lead_daily_rollups_key" UNIQUE NULLS NOT DISTINCT("company_id","day","development_id","classification","status")
);
--> statement-breakpoint
CREATE TABLE "lead_rollup_totals" (
	"company_id" uuid NOT NULL,
	"development_id" uuid,
	"classification" text NOT NULL,
	"status" text NOT NULL,
	"leads" integer NOT NULL,
	"quality_sum" bigint NOT NULL,
	"intent_sum" bigint NOT NULL,
	CONSTRAINT "lead_rollup_totals_key" UNIQUE NULLS NOT DISTINCT("company_id","development_id","classification","status")
);
--> statement-breakpoint
ALTER TABLE "lead_daily_rollups" ADD CONSTRAINT "lead_daily_rollups_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_rollup_totals" ADD CONSTRAINT "lead_rollup_totals_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lead_daily_rollups_company_dev_day_idx" ON "lead_daily_rollups" USING btree ("company_id","development_id","day");--> statement-breakpoint
-- Backfill from leads stored before the rollups existed; from here on every lead write keeps them exact.
INSERT INTO "lead_daily_rollups" ("company_id", "development_id", "day", "classification", "status", "leads", "quality_sum", "intent_sum")
SELECT "company_id", "development_id", ("created_at" AT TIME ZONE 'UTC')::date, "classification", "status",
       count(*), sum("quality_score"), sum("intent_score")
FROM "leads"
GROUP BY 1, 2, 3, 4, 5;--> statement-breakpoint
INSERT INTO "lead_rollup_totals" ("company_id", "development_id", "classification", "status", "leads", "quality_sum", "intent_sum")
SELECT "company_id", "development_id", "classification", "status", count(*), sum("quality_score"), sum("intent_score")
FROM "leads"
GROUP BY 1, 2, 3, 4;
