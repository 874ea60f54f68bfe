/** Tells the parent this process is loaded and connected, then waits for the common start signal. */
async function readyThenGo(): Promise<void> {
  process.stdout.write('ready\n');
  for await (const _ of process.stdin) return;
}

/**
 * How long an agent that found nothing claimable waits before asking again, as an orchestrator's
 * agent waits before it polls again. Without it, agents left without work when fewer features are
 * ready than there are agents asked again as fast as they could (over 300,000 empty claimNext
 * calls in one 8-process window), and that CPU was taken from the agent holding the write lock.
 */
const EMPTY_WAIT_MS = 1;

/** What one step of an agent's loop did: completed a claim and its pass, found nothing, or ran out of work. */
export type StepOutcome = 'done' | 'empty' | 'exhausted';

/**
 * One agent of a multi-process run: waits for the common start, then repeats `step` for
 * `durationMs`, waiting EMPTY_WAIT_MS after a step that found nothing. `activeMs` is the time
 * from the start to its last completed pair: a fast agent may drain the backlog before the window
 * ends, and the time it then spends finding nothing must not count as work done slowly.
 */
export async function claimWindow(
  durationMs: number,
  step: () => StepOutcome | Promise<StepOutcome>,
): Promise<{ done: number; empty: number; activeMs: number }> {
  await readyThenGo();
  const startedAt = Date.now();
  const stopAt = startedAt + durationMs;
  let lastDoneAt = startedAt;
  let done = 0;
  let empty = 0;
  while (Date.now() < stopAt) {
    const outcome = await step();
    if (outcome === 'exhausted') break;
    if (outcome === 'empty') {
      empty++;
      await new Promise((resolve) => setTimeout(resolve, EMPTY_WAIT_MS));
      continue;
    }
    done++;
    lastDoneAt = Date.now();
  }
  return { done, empty, activeMs: lastDoneAt - startedAt };
}
