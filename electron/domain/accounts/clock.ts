/**
 * The time the accounts module reads: lockouts and session expiry depend on it,
 * so tests replace `clock.now` instead of waiting minutes.
 */
export const clock = {
  now: (): number => Date.now(),
};
