/**
 * A page's parameter checks with the page's filter form at hand: a FieldError they raise carries
 * the form (FieldError `form`), built from the request alone, so the 400 page (src/server/invalid-form.ts)
 * shows it as it is instead of rendering the page again, analyses and all, to find one. A bad
 * request then costs its checks, never the page's analysis.
 */
import { FieldError } from './field-error.ts';

/**
 * Runs `check`; a FieldError it throws without a form is thrown again, same field, message, hint
 * and cause, with `form()` as its form. Any other error passes through untouched.
 */
export async function refusedWithForm<T>(check: () => T | Promise<T>, form: () => unknown): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof FieldError) || error.form !== undefined) throw error;
    throw new FieldError(error.field, error.message, { hint: error.hint, cause: error, form: String(await form()) });
  }
}
