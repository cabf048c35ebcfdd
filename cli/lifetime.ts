/** Set by commands that keep running after their action returns (`capture` serves until stopped). */
export const lifetime = { keepRunning: false };
