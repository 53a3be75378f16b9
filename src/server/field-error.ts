import { CostlensError, type CostlensErrorOptions } from '../errors.ts';

/**
 * A usage error (HTTP 400) about one field of a filter form: pages answer it with the form, the
 * values as given and the message beside that field (src/server/invalid-form.ts).
 */
export class FieldError extends CostlensError {
  constructor(
    /** The form field (query-string name) at fault. */
    readonly field: string,
    message: string,
    options: CostlensErrorOptions = {},
  ) {
    super('usage', message, options);
  }
}
