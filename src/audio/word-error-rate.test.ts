import { describe, expect, it } from 'vitest';
import { normaliseWords, wordErrorRate, wordErrors } from './word-error-rate.js';

describe('word error rate', () => {
  it('counts substitutions, deletions and insertions by minimum edit', () => {
    expect(wordErrors('the cat sat on the mat', 'the cat sat on the mat')).toEqual({
      substitutions: 0,
      deletions: 0,
      insertions: 0,
      referenceWords: 6,
    });
    expect(wordErrors('the cat sat on the mat', 'the bat sat the mat down')).toEqual({
      substitutions: 1,
      deletions: 1,
      insertions: 1,
      referenceWords: 6,
    });
    expect(wordErrors('a b c', '')).toMatchObject({ deletions: 3, referenceWords: 3 });
    expect(wordErrors('', 'x y')).toMatchObject({ insertions: 2, referenceWords: 0 });
  });
  it('pools utterances and normalises markers, case, punctuation and pronunciation variants', () => {
    expect(normaliseWords('<s> And(2) MR. John, </s>')).toEqual(['and', 'mr', 'john']);
    expect(
      wordErrorRate([
        {
          reference: 'he was not an ill disposed young man',
          hypothesis: 'he was not an illness those young man',
        },
        { reference: 'a b', hypothesis: 'a b' },
      ]),
    ).toBeCloseTo(2 / 10, 10); // ill→illness, disposed→those
  });
});
