/** Limits the Python app enforces in its request models; the database itself does not. */
export const LIMITS = {
  categoryMax: 100,
  nameMax: 255,
  dependenciesMax: 20,
  cycleWalkDepth: 50,
  scheduleProjectNameMax: 50,
  scheduleModelMax: 50,
  conversationProjectNameMax: 100,
  conversationTitleMax: 200,
  readyLimit: { min: 1, max: 50, default: 10 },
  blockedLimit: { min: 1, max: 100, default: 20 },
} as const;
