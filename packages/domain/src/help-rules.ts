/**
 * 帮助中心's search and 咨询答疑's question (seed 003 §1.2, §2.4): at most 50 characters. Apart from the schema
 * (schemas/help.ts), so that 帮助中心, which only caps its search box, loads no zod before the person types (issue 19).
 */
export const FAQ_QUERY_MAX = 50;
