import { FAQ_QUERY_MAX } from '../help-rules';
import { z } from '../zod';

/** 帮助中心's search and 咨询答疑's question (seed 003 §1.2, §2.4): 1 to FAQ_QUERY_MAX characters, trimmed. */
export const ZFaqQuery = z.string({ error: '请输入搜索内容' }).trim().min(1, '请输入搜索内容').max(FAQ_QUERY_MAX, '搜索内容过长');
