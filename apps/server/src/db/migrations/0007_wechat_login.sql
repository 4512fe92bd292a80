CREATE TABLE "sandbox_wechat_authorizations" (
	"ticket" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"redirect_uri" text NOT NULL,
	"status" text NOT NULL,
	"wechat_id" text,
	"openid" text,
	"code" text,
	"code_used" boolean DEFAULT false NOT NULL,
	"unavailable" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"code_expires_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "account_wechat" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"openid" text NOT NULL,
	"unionid" text,
	"bound_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "account_wechat" ADD CONSTRAINT "account_wechat_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_wechat_authorizations_code_uq" ON "sandbox_wechat_authorizations" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "account_wechat_openid_uq" ON "account_wechat" USING btree ("openid");