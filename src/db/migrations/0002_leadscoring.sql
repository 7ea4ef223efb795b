CREATE TABLE "capi_sends" (
	"id" uuid PRIMARY KEY NOT NULL,
	"company_id" uuid NOT NULL,
	"result_id" uuid,
	"job_id" uuid,
	"attempt" integer NOT NULL,
	"trigger" text NOT NULL,
	"event_id" text NOT NULL,
	"pixel_id" text NOT NULL,
	"outcome" text NOT NULL,
	"http_status" integer,
	"error_code" integer,
	"error" text,
	"events_received" integer,
	"fbtrace_id" text,
	"duration_ms" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leadscoring_results" (
	"id" uuid PRIMARY KEY NOT NULL,
	"company_id" uuid NOT NULL,
	"email" text NOT NULL,
	"lead_id" uuid,
	"capi_event_id" text NOT NULL,
	"p_fin" double precision NOT NULL,
	"p_show" double precision NOT NULL,
	"p_sql" double precision NOT NULL,
	"sal" text NOT NULL,
	"sal_rating" text NOT NULL,
	"p_show_ai" double precision NOT NULL,
	"p_close_ai" double precision NOT NULL,
	"p_finq_ai" double precision NOT NULL,
	"p_intent_ai" double precision NOT NULL,
	"state_residence" text,
	"rotator" text,
	"providers" jsonb NOT NULL,
	"capi_user_data" jsonb NOT NULL,
	"submitted_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leadscoring_settings" (
	"company_id" uuid PRIMARY KEY NOT NULL,
	"fb_capi_fin" double precision NOT NULL,
	"fb_capi_show" double precision NOT NULL,
	"a_rotator_fin" double precision NOT NULL,
	"a_rotator_show" double precision NOT NULL,
	"b_rotator_fin" double precision NOT NULL,
	"b_rotator_show" double precision NOT NULL,
	"c_rotator_fin" double precision NOT NULL,
	"c_rotator_show" double precision NOT NULL,
	"pixel_id" text,
	"access_token" text,
	"event_name" text NOT NULL,
	"event_source_url" text,
	"action_source" text NOT NULL,
	"typeform_secret" text,
	"field_mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "capi_sends" ADD CONSTRAINT "capi_sends_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capi_sends" ADD CONSTRAINT "capi_sends_result_id_leadscoring_results_id_fk" FOREIGN KEY ("result_id") REFERENCES "public"."leadscoring_results"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leadscoring_results" ADD CONSTRAINT "leadscoring_results_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leadscoring_results" ADD CONSTRAINT "leadscoring_results_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leadscoring_settings" ADD CONSTRAINT "leadscoring_settings_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "capi_sends_company_idx" ON "capi_sends" USING btree ("company_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "capi_sends_result_idx" ON "capi_sends" USING btree ("result_id") WHERE "capi_sends"."result_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "leadscoring_results_company_email_idx" ON "leadscoring_results" USING btree ("company_id","email");