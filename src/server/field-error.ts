import { CostlensError, type CostlensErrorOptions } from '../errors.ts';

/** What a FieldError may carry besides the CostlensError's options. */
export interface FieldErrorOptions extends CostlensErrorOptions {
  /**
   * The page's filter form (HTML), for a page that cannot render one without the field at fault
   * (the resource view without a resource id): the 400 page shows it instead of rendering the page
   * again.
   */
  form?: string;
}

/**
 * A usage error (HTTP 400) about one field of a filter form: pages answer it with the form, the
 * values as given and the message beside that field (src/server/invalid-form.ts).
 */
export class FieldError extends CostlensError {
  /** The page's filter form, when the page gave it (see {@link FieldErrorOptions.form}). */
  readonly form?: string;

  constructor(
    /** The form field (query-string name) at fault. */
    readonly field: string,
    message: string,
    options: FieldErrorOptions = {},
  ) {
    const { form, ...rest } = options;
    super('usage', message, rest);
    this.form = form;
  }
}
