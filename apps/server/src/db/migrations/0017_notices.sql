CREATE TABLE "notices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"review_item_id" uuid NOT NULL,
	"review_kind" text NOT NULL,
	"decision" text NOT NULL,
	"authority_path" text NOT NULL,
	"applicant_name" text NOT NULL,
	"applicant_id_masked" text NOT NULL,
	"content" text NOT NULL,
	"template_data" jsonb NOT NULL,
	"status" text NOT NULL,
	"channel" text,
	"tries" integer DEFAULT 0 NOT NULL,
	"tries_left" integer NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"claim_token" uuid,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_wechat_messages" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"openid" text NOT NULL,
	"template_id" text NOT NULL,
	"url" text,
	"data" jsonb NOT NULL,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "notices_due_idx" ON "notices" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "notices_account_idx" ON "notices" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "notices_item_idx" ON "notices" USING btree ("review_item_id");--> statement-breakpoint
CREATE INDEX "notices_path_idx" ON "notices" USING btree ("authority_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "sandbox_wechat_messages_openid_idx" ON "sandbox_wechat_messages" USING btree ("openid","seq");