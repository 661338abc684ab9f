import type { Cue } from '$lib/workout';

/** Which outputs are on. */
export interface CueOutputs {
	sound: boolean;
	speech: boolean;
	vibration: boolean;
}

/** Turns engine cues into short beeps, a spoken phase name and vibration. Nothing loops. */
export class CuePlayer {
	#audio: AudioContext | null = null;

	/** Unlocks audio; call from a user gesture (the start button). */
	unlock(): void {
		try {
			if (!this.#audio) {
				const ctx = new AudioContext();
				// No audio device (some kiosks, headless): give up on beeps rather than log each one.
				ctx.addEventListener('error', () => (this.#audio = null));
				this.#audio = ctx;
			}
			void this.#audio.resume();
		} catch {
			this.#audio = null;
		}
	}

	/** Plays one cue; `announcement` is the phase name to speak for phase changes. */
	play(cue: Cue, outputs: CueOutputs, announcement: string | null, lang: string): void {
		const spoken = cue.type === 'phase-start' || cue.type === 'session-done' ? announcement : null;
		if (outputs.sound) {
			if (cue.type === 'countdown') this.#beep(660, 0.12);
			else if (cue.type === 'halfway') this.#beep(520, 0.2);
			else this.#beep(880, 0.35);
		}
		if (outputs.speech && spoken) this.#speak(spoken, lang, outputs.sound);
		if (outputs.vibration && typeof navigator !== 'undefined' && 'vibrate' in navigator) {
			navigator.vibrate(cue.type === 'countdown' ? 80 : [200, 100, 200]);
		}
	}

	/**
	 * The above-max alarm: a two-tone call (high–low, twice), unlike any phase cue, so it is told
	 * apart across a room; it ignores the phase cues' outputs on purpose.
	 */
	alarm(): void {
		const ctx = this.#audio;
		if (!ctx || ctx.state !== 'running') return;
		[1320, 880, 1320, 880].forEach((frequency, i) => {
			const oscillator = ctx.createOscillator();
			const gain = ctx.createGain();
			const start = ctx.currentTime + i * 0.18;
			oscillator.type = 'square';
			oscillator.frequency.value = frequency;
			gain.gain.setValueAtTime(0.18, start);
			gain.gain.setValueAtTime(0.001, start + 0.16);
			oscillator.connect(gain).connect(ctx.destination);
			oscillator.start(start);
			oscillator.stop(start + 0.17);
		});
	}

	#beep(frequency: number, seconds: number): void {
		const ctx = this.#audio;
		if (!ctx || ctx.state !== 'running') return;
		const oscillator = ctx.createOscillator();
		const gain = ctx.createGain();
		oscillator.frequency.value = frequency;
		gain.gain.setValueAtTime(0.25, ctx.currentTime);
		gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + seconds);
		oscillator.connect(gain).connect(ctx.destination);
		oscillator.start();
		oscillator.stop(ctx.currentTime + seconds);
	}

	#speak(text: string, lang: string, beepInstead: boolean): void {
		if (!('speechSynthesis' in globalThis)) {
			if (beepInstead) this.#beep(880, 0.35);
			return;
		}
		const utterance = new SpeechSynthesisUtterance(text);
		utterance.lang = lang === 'nb' ? 'nb-NO' : 'en-GB';
		// No voice for the language (common headless and on some tablets): a second beep instead.
		utterance.onerror = () => beepInstead && this.#beep(880, 0.35);
		globalThis.speechSynthesis.cancel();
		globalThis.speechSynthesis.speak(utterance);
	}

	/** Stops anything still speaking (pause, end). */
	silence(): void {
		if ('speechSynthesis' in globalThis) globalThis.speechSynthesis.cancel();
	}
}
