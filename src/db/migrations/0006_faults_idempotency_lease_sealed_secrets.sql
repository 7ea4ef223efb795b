ALTER TABLE "idempotency_keys" ADD COLUMN "lease_expires_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "leadscoring_settings" ADD COLUMN "access_token_ciphertext" text;--> statement-breakpoint
ALTER TABLE "leadscoring_settings" ADD COLUMN "typeform_secret_ciphertext" text;