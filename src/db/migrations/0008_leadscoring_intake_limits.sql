CREATE TABLE "leadscoring_intake" (
	"company_id" uuid PRIMARY KEY NOT NULL,
	"window_started_at" timestamp (3) with time zone NOT NULL,
	"accepted" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "leadscoring_settings" ADD COLUMN "max_submissions_per_hour" integer DEFAULT 300 NOT NULL;--> statement-breakpoint
ALTER TABLE "leadscoring_settings" ADD COLUMN "require_signature" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "leadscoring_intake" ADD CONSTRAINT "leadscoring_intake_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;