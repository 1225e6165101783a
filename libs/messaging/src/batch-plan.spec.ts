import { distinctRuns, planSteps, type Step } from './batch-plan';

interface E {
  id: string;
  type: string;
  key: string | null;
}

const e = (id: string, type: string, key: string | null): E => ({ id, type, key });
const access = (batchable: string[]) => ({ typeOf: (i: E) => i.type, keyOf: (i: E) => i.key, batchable: (t: string) => batchable.includes(t) });
const ids = (steps: Step<E>[]) => steps.map((s) => (s.kind === 'one' ? s.item.id : `[${s.items.map((i) => i.id).join(' ')}]`));

/** Every key's events in the order they had in the chunk. */
function perKey(items: E[]): Map<string | null, string[]> {
  const m = new Map<string | null, string[]>();
  for (const i of items) m.set(i.key, [...(m.get(i.key) ?? []), i.id]);
  return m;
}
const flat = (steps: Step<E>[]) => steps.flatMap((s) => (s.kind === 'one' ? [s.item] : s.items));

describe('planSteps', () => {
  it('groups interleaved types into runs without moving any key ahead of its own earlier events', () => {
    // Teacher a: appointed, ended, appointed; b: appointed, ended; c: appointed.
    const chunk = [e('a1', 'A', 'a'), e('a2', 'E', 'a'), e('b1', 'A', 'b'), e('a3', 'A', 'a'), e('b2', 'E', 'b'), e('c1', 'A', 'c')];
    const steps = planSteps(chunk, access(['A', 'E']));
    expect(ids(steps)).toEqual(['[a1 b1 c1]', '[a2 b2]', 'a3']);
    expect(perKey(flat(steps))).toEqual(perKey(chunk));
  });

  it('moves nothing across an event without a batch handler or without a key', () => {
    const chunk = [e('a1', 'A', 'a'), e('x', 'X', 'z'), e('b1', 'A', 'b'), e('n', 'A', null), e('c1', 'A', 'c'), e('d1', 'A', 'd')];
    expect(ids(planSteps(chunk, access(['A'])))).toEqual(['a1', 'x', 'b1', 'n', '[c1 d1]']);
  });

  it('keeps the chunk as it is when no type has a batch handler', () => {
    const chunk = [e('a1', 'A', 'a'), e('b1', 'A', 'b')];
    expect(ids(planSteps(chunk, access([])))).toEqual(['a1', 'b1']);
  });

  it('keeps per-key order on generated chunks', () => {
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 200; round++) {
      const chunk = Array.from({ length: 1 + rnd(60) }, (_, i) => e(`e${i}`, 'ABX'[rnd(3)], rnd(10) === 0 ? null : `k${rnd(6)}`));
      const steps = planSteps(chunk, access(['A', 'B']));
      const out = flat(steps);
      expect(out.map((i) => i.id).sort()).toEqual(chunk.map((i) => i.id).sort());
      expect(perKey(out)).toEqual(perKey(chunk));
      // Events without a batch handler or a key keep their exact position relative to everything.
      chunk.forEach((item, i) => {
        if (item.type === 'X' || item.key === null) {
          expect(out.slice(0, out.indexOf(item)).map((x) => x.id).sort()).toEqual(chunk.slice(0, i).map((x) => x.id).sort());
        }
      });
      for (const s of steps) if (s.kind === 'batch') expect(new Set(s.items.map((i) => i.type)).size).toBe(1);
    }
  });
});

describe('distinctRuns', () => {
  it('cuts where a row key repeats', () => {
    expect(distinctRuns(['a', 'b', 'a', 'c', 'b', 'b'], (x) => x)).toEqual([['a', 'b'], ['a', 'c', 'b'], ['b']]);
    expect(distinctRuns([], (x: string) => x)).toEqual([]);
  });
});
