import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay } from './backoff';

describe('backoffDelay', () => {
	it('starts at 1 s and doubles up to a 30 s cap', () => {
		const delays = Array.from({ length: 8 }, (_, attempt) => backoffDelay(attempt));
		expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
	});

	it('stays at the cap for ever, even after thousands of attempts', () => {
		expect(backoffDelay(5000)).toBe(30_000);
	});

	it('takes its own start, factor and cap', () => {
		const options = { initialMs: 500, factor: 3, maxMs: 10_000 };
		expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, options))).toEqual([
			500, 1500, 4500, 10_000, 10_000
		]);
	});
});

describe('Backoff', () => {
	it('hands out the schedule one retry at a time and never gives up', () => {
		const sut = new Backoff();
		const delays = Array.from({ length: 100 }, () => sut.next());
		expect(delays.slice(0, 6)).toEqual([1000, 2000, 4000, 8000, 16000, 30000]);
		expect(delays.at(-1)).toBe(30_000);
		expect(sut.attempt).toBe(100);
	});

	it('starts over after a reset (a success)', () => {
		const sut = new Backoff();
		sut.next();
		sut.next();
		sut.reset();
		expect(sut.next()).toBe(1000);
	});
});
