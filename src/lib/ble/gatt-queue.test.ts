import { describe, expect, it } from 'vitest';
import { GattQueue } from './gatt-queue';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** An operation that records when it starts and ends, and how many ran at once. */
function recorder() {
	const log: string[] = [];
	let inFlight = 0;
	let maxInFlight = 0;
	const op =
		(name: string, ticks = 1, fail = false) =>
		async () => {
			inFlight++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			log.push(`start ${name}`);
			for (let i = 0; i < ticks; i++) await tick();
			log.push(`end ${name}`);
			inFlight--;
			if (fail) throw new Error(`${name} failed`);
			return name;
		};
	return { log, op, maxInFlight: () => maxInFlight };
}

describe('GattQueue', () => {
	it('runs operations one after another in the order queued', async () => {
		const sut = new GattQueue();
		const { log, op } = recorder();
		const results = await Promise.all([
			sut.run(op('a', 3)),
			sut.run(op('b', 1)),
			sut.run(op('c', 2))
		]);
		expect(results).toEqual(['a', 'b', 'c']);
		expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
	});

	it('never has two operations in flight, even when many straps queue at once', async () => {
		const sut = new GattQueue();
		const { op, maxInFlight } = recorder();
		const runs = Array.from({ length: 20 }, (_, i) => sut.run(op(`op${i}`, (i % 3) + 1)));
		expect(sut.pending).toBe(20);
		await Promise.all(runs);
		expect(maxInFlight()).toBe(1);
		expect(sut.pending).toBe(0);
	});

	it('rejects only the failing operation and carries on with the next', async () => {
		const sut = new GattQueue();
		const { log, op } = recorder();
		const first = sut.run(op('a', 1, true));
		const second = sut.run(op('b'));
		await expect(first).rejects.toThrow('a failed');
		await expect(second).resolves.toBe('b');
		expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
	});

	it('survives an operation that throws before returning a promise', async () => {
		const sut = new GattQueue();
		const broken = sut.run(() => {
			throw new Error('sync failure');
		});
		await expect(broken).rejects.toThrow('sync failure');
		await expect(sut.run(async () => 'next')).resolves.toBe('next');
	});

	it('starts an operation queued later only after the earlier one settles', async () => {
		const sut = new GattQueue();
		let release: () => void = () => {};
		const blocker = sut.run(() => new Promise<void>((resolve) => (release = resolve)));
		let started = false;
		const later = sut.run(async () => {
			started = true;
		});
		await tick();
		expect(started).toBe(false);
		release();
		await Promise.all([blocker, later]);
		expect(started).toBe(true);
	});
});
