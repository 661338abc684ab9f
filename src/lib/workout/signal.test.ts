import { describe, expect, it } from 'vitest';
import { ArtefactFilter, MovingAverage, RrFilter, artefactReason } from './signal';

describe('artefacts', () => {
	it('a reading below 30 or above 240 bpm is out of range', () => {
		expect([29, 30, 240, 241].map((bpm) => artefactReason({ at: 0, bpm }, null))).toEqual([
			'out-of-range',
			null,
			null,
			'out-of-range'
		]);
	});

	it('a jump of more than 40 bpm within 2 s of the last accepted reading is an artefact', () => {
		const last = { at: 0, bpm: 100 };
		expect(artefactReason({ at: 2000, bpm: 141 }, last)).toBe('jump');
		expect(artefactReason({ at: 2000, bpm: 140 }, last)).toBeNull();
		expect(artefactReason({ at: 2001, bpm: 141 }, last)).toBeNull();
		expect(artefactReason({ at: 1000, bpm: 59 }, last)).toBe('jump');
	});

	it('a reading without skin contact is not trusted', () => {
		expect(artefactReason({ at: 0, bpm: 120, contact: 'not-detected' }, null)).toBe('no-contact');
		expect(artefactReason({ at: 0, bpm: 120, contact: 'unsupported' }, null)).toBeNull();
	});

	it('compares with the last accepted reading, so a spike does not become the reference', () => {
		const sut = new ArtefactFilter();
		expect(sut.check({ at: 0, bpm: 100 })).toBeNull();
		expect(sut.check({ at: 1000, bpm: 180 })).toBe('jump');
		expect(sut.check({ at: 2000, bpm: 104 })).toBeNull();
	});

	it('accepts a real change of level once the 2 s window has passed', () => {
		const sut = new ArtefactFilter();
		sut.check({ at: 0, bpm: 100 });
		expect(sut.check({ at: 1000, bpm: 150 })).toBe('jump');
		expect(sut.check({ at: 2000, bpm: 150 })).toBe('jump');
		expect(sut.check({ at: 3000, bpm: 150 })).toBeNull();
	});
});

describe('RR intervals', () => {
	it('are kept only within ±20 % of the previous accepted one', () => {
		const sut = new RrFilter();
		expect(sut.filter([800, 950])).toEqual([800, 950]); // +18.75 %
		expect(sut.filter([1150, 760])).toEqual([760]); // +21 % rejected, −20 % of 950 kept
		expect([sut.accepted, sut.rejected]).toEqual([3, 1]);
	});

	it('re-anchor after three rejections in a row, so one bad reference cannot reject forever', () => {
		const sut = new RrFilter();
		sut.filter([400]);
		expect(sut.filter([800, 810, 820, 830])).toEqual([830]);
	});
});

describe('smoothing', () => {
	it('is the mean of the readings in the last 5 s', () => {
		const sut = new MovingAverage(5000);
		sut.push(0, 100);
		sut.push(1000, 110);
		expect(sut.valueAt(4999)).toBe(105);
		sut.push(5000, 120);
		expect(sut.valueAt(5000)).toBe(115); // the reading at 0 has left the window
		expect(sut.valueAt(10_000)).toBeNull();
	});
});
