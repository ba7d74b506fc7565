/** Time is an argument: pure code receives `now`; shells receive a Clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
