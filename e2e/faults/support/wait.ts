export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `condition()` holds; the bound only keeps a broken run from hanging. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, boundMs = 120_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting after ${boundMs} ms: ${what}`);
    await sleep(100);
  }
}
