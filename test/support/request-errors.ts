import { InvalidRequestError } from '../../src/core/model/errors.js';

/** Runs `run` and returns the InvalidRequestError it throws; anything else fails the test. */
export function invalidRequestOf(run: () => unknown): InvalidRequestError {
  try {
    run();
  } catch (e) {
    if (e instanceof InvalidRequestError) return e;
    throw e;
  }
  throw new Error('expected an InvalidRequestError, but the call succeeded');
}
