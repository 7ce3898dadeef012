import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

/** A fake store: records each commit, refuses items named "bad", and can be held open. */
function fakeStore() {
  const commits: string[][] = [];
  let gate: Promise<void> = Promise.resolve();
  return {
    commits,
    hold() {
      let open!: () => void;
      gate = new Promise((resolve) => { open = resolve; });
      return () => open();
    },
    commit: async (items: string[]) => {
      await gate;
      commits.push(items);
      if (items.includes('bad')) throw new Error('refused: bad');
      return items.map((item) => `stored ${item}`);
    },
  };
}

describe('group commit', () => {
  it('commits what arrives together in one batch, and a lone item at once', async () => {
    const store = fakeStore();
    const batcher = new GroupCommit(store.commit, { batchMax: 200 });
    const results = await Promise.all(['a', 'b', 'c'].map((item) => batcher.submit(item)));
    expect(results).toEqual(['stored a', 'stored b', 'stored c']);
    expect(store.commits).toEqual([['a', 'b', 'c']]);
    expect(await batcher.submit('d')).toBe('stored d');
    expect(store.commits).toHaveLength(2);
  });

  it('lingers lingerTurns turns of the event loop so that items arriving just behind join the batch', async () => {
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    const store = fakeStore();
    const lingering = new GroupCommit(store.commit, { batchMax: 200, lingerTurns: 3 });
    const a = lingering.submit('a');
    await nextTurn();
    const b = lingering.submit('b'); // one turn later: still the same batch
    expect(await Promise.all([a, b])).toEqual(['stored a', 'stored b']);
    expect(store.commits).toEqual([['a', 'b']]);

    const eager = new GroupCommit(store.commit, { batchMax: 200 }); // one turn: the next turn flushes
    const c = eager.submit('c');
    await nextTurn();
    const d = eager.submit('d');
    await Promise.all([c, d]);
    expect(store.commits.slice(1)).toEqual([['c'], ['d']]);

    // A full batch does not wait for the remaining turns (nor for the time limit).
    const full = new GroupCommit(store.commit, { batchMax: 2, lingerTurns: 1000, lingerMaxMs: 60_000 });
    expect(await Promise.all([full.submit('e'), full.submit('f')])).toEqual(['stored e', 'stored f']);
    expect(store.commits.at(-1)).toEqual(['e', 'f']);
  });

  it('batches what arrives while a batch commits, at most batchMax at a time', async () => {
    const store = fakeStore();
    const batcher = new GroupCommit(store.commit, { batchMax: 2 });
    const open = store.hold();
    const first = batcher.submit('a');
    await new Promise((resolve) => setImmediate(resolve)); // 'a' is committing now
    const later = ['b', 'c', 'd'].map((item) => batcher.submit(item));
    open();
    expect(await Promise.all([first, ...later])).toEqual(['stored a', 'stored b', 'stored c', 'stored d']);
    expect(store.commits).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  it('settles nothing before the commit returned', async () => {
    const store = fakeStore();
    const batcher = new GroupCommit(store.commit, { batchMax: 10 });
    const open = store.hold();
    let settled = false;
    const result = batcher.submit('a').then((r) => { settled = true; return r; });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    open();
    expect(await result).toBe('stored a');
  });

  it('falls back to one item at a time when a batch fails: only the bad item fails', async () => {
    const store = fakeStore();
    const failures: number[] = [];
    const batcher = new GroupCommit(store.commit, { batchMax: 10, onBatchFailed: (_, size) => failures.push(size) });
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((item) => batcher.submit(item)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['stored a', 'refused: bad', 'stored c']);
    expect(store.commits).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
    expect(failures).toEqual([3]);
  });

  it('treats a wrong number of results as a failure, never as an answer', async () => {
    const batcher = new GroupCommit(async (items: string[]) => (items.length > 1 ? ['only one'] : items), { batchMax: 10 });
    expect(await Promise.all(['a', 'b'].map((item) => batcher.submit(item)))).toEqual(['a', 'b']);
    const broken = new GroupCommit(async () => [] as string[], { batchMax: 10 });
    await expect(broken.submit('a')).rejects.toThrow(/0 results for 1 items/);
  });
});
