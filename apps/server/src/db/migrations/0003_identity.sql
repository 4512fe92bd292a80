CREATE TABLE "sandbox_alipay_certifications" (
	"certify_id" text PRIMARY KEY NOT NULL,
	"outer_order_no" text NOT NULL,
	"cert_name" text NOT NULL,
	"cert_no" text NOT NULL,
	"state" text NOT NULL,
	"mismatch" boolean DEFAULT false NOT NULL,
	"timeout" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity_verifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"method" text NOT NULL,
	"status" text NOT NULL,
	"certify_id" text,
	"cert_name" text,
	"cert_no" text,
	"fail_reason" text,
	"review_item_id" uuid,
	"files" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "identity_method" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "identity_verified_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "identity_verifications_account_idx" ON "identity_verifications" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "identity_verifications_certify_idx" ON "identity_verifications" USING btree ("certify_id");