import { accountSchemas } from '@ausm/domain';

/**
 * The account forms' schemas, made once at module level and never put in reactive state (STYLE.md:
 * Zod objects made reactive broke vben's forms). The browser's clock stands in for the platform's: the
 * server checks again with its own.
 */
export const schemas = accountSchemas(() => new Date());
