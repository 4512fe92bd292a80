import { formErrors } from '@ausm/domain';
import type { FormInstance, FormItemRule } from 'element-plus';
import { watch, type Ref } from 'vue';

/**
 * The one adapter from the domain's Zod schemas to Element Plus form rules: the web app validates nothing
 * itself. The validator of field F runs the whole schema over the current model (so rules that compare
 * fields, such as 确认密码 or the check digit that depends on 证件类型, stay in the domain) and reports F's
 * message. Pass schemas made at module level, never inside reactive state (STYLE.md: vben PR #7022).
 */

export type FormSchema = Parameters<typeof formErrors>[0];
type Trigger = 'blur' | 'change';

export interface ZodRulesOptions<K extends string> {
  /** The event that validates a field: inputs default to blur, selects should say change. */
  triggers?: Partial<Record<K, Trigger>>;
  /** Fields shown without the required asterisk. */
  optional?: readonly K[];
}

export function zodRules<M extends object, K extends keyof M & string>(
  schema: FormSchema,
  model: M,
  fields: readonly K[],
  options: ZodRulesOptions<K> = {},
): Record<K, FormItemRule[]> {
  const rules = {} as Record<K, FormItemRule[]>;
  for (const field of fields) {
    rules[field] = [
      {
        // Only marks the asterisk: a rule with a validator is judged by the validator alone.
        required: !options.optional?.includes(field),
        trigger: options.triggers?.[field] ?? 'blur',
        validator: (_rule, _value, callback) => {
          const message = formErrors(schema, { ...model })[field];
          if (message) callback(new Error(message));
          else callback();
        },
      },
    ];
  }
  return rules;
}

/**
 * Re-validates dependent fields that already hold a value when a field they depend on changes, e.g. the
 * 证件号码 when the 证件类型 changes, or 确认密码 when the 密码 changes.
 */
export function revalidateWhen<M extends object>(
  formRef: Ref<FormInstance | undefined>,
  model: M,
  dependents: Partial<Record<keyof M & string, readonly (keyof M & string)[]>>,
): void {
  for (const source of Object.keys(dependents) as (keyof M & string)[]) {
    const targets = dependents[source] ?? [];
    watch(
      () => model[source],
      () => {
        const filled = targets.filter((t) => model[t] !== '' && model[t] != null);
        if (filled.length > 0) formRef.value?.validateField(filled).catch(() => undefined);
      },
    );
  }
}

/**
 * Messages of a list field and of the fields inside it (the rows of 会计工作经历), keyed by their path
 * below it: `{ '': 'the list's own message', '0.startDate': '…' }`. For rows shown in a table, each
 * message beside its cell; the schema decides, as above.
 */
export function nestedErrors(schema: FormSchema, data: unknown, field: string): Record<string, string> {
  const result = schema.safeParse(data);
  if (result.success) return {};
  const out: Record<string, string> = {};
  for (const issue of result.error.issues) {
    if (issue.path.length === 0 || String(issue.path[0]) !== field) continue;
    out[issue.path.slice(1).map(String).join('.')] ??= issue.message;
  }
  return out;
}
