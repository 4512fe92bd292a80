import { accountSchemas, ceSchemas, collectionSchemas, rewardSchemas, titleSchemas, transferSchemas } from '@ausm/domain';

/**
 * The forms' schemas, made once at module level and never put in reactive state (STYLE.md: Zod
 * objects made reactive broke vben's forms). The browser's clock stands in for the platform's: the
 * server checks again with its own.
 */
export const schemas = accountSchemas(() => new Date());

/** 会计人员信息采集 (docs/collection.md): the same schemas the server's routes run. */
export const collectionForms = collectionSchemas(() => new Date());

/** 属地关系调转 (seed 003 §5): the same schema the server's route runs. */
export const transferForms = transferSchemas(() => new Date());

/** 会计人员继续教育 (seed 003 §8): the same schemas the server's route runs. */
export const ceForms = ceSchemas(() => new Date());

/** 会计职称管理 (seed 003 §7): the same schemas the server's routes run. */
export const titleForms = titleSchemas(() => new Date());

/** 会计人员奖惩记录 (issue 26): the same schemas the server's routes run. */
export const rewardForms = rewardSchemas(() => new Date());
