import { describe, expect, it } from 'vitest';
import { moodChanges } from './mood';

describe('moodChanges', () => {
	it('pairs the answers before and after per person, the latest answer counting', () => {
		const sut = moodChanges([
			{ participantId: 'a', at: 30, kind: 'mood-after', value: 7 },
			{ participantId: 'a', at: 1, kind: 'mood-before', value: 3 },
			{ participantId: 'a', at: 2, kind: 'mood-before', value: 4 },
			{ participantId: 'b', at: 1, kind: 'mood-before', value: 6 },
			{ participantId: 'b', at: 3, kind: 'rpe', value: 15 }
		]);
		expect(sut.get('a')).toEqual({ before: 4, after: 7, change: 3 });
		expect(sut.get('b')).toEqual({ before: 6, after: null, change: null });
	});

	it('ignores values off the scale', () => {
		const sut = moodChanges([{ participantId: 'a', at: 1, kind: 'mood-before', value: 11 }]);
		expect(sut.size).toBe(0);
	});
});
