/**
 * Full screen for the live screen. The browser's own where it allows it; where it refuses (an
 * iPhone has no element full screen) the screen fills the window instead. Either way the app's
 * navigation hides, so the room sees only the timer and the tiles.
 */
class FullScreen {
	on = $state(false);
	/** The browser refused: the page fills the window itself, and Esc or the button leaves. */
	imitated = $state(false);

	async toggle(element: HTMLElement | undefined): Promise<void> {
		if (this.on) return this.exit();
		this.on = true;
		try {
			if (!element?.requestFullscreen) throw new Error('no element full screen');
			await element.requestFullscreen();
			this.imitated = false;
		} catch {
			this.imitated = true;
		}
	}

	exit(): void {
		this.on = false;
		this.imitated = false;
		if (typeof document !== 'undefined' && document.fullscreenElement) {
			document.exitFullscreen().catch(() => undefined);
		}
	}

	/** The browser left full screen by itself (Esc, a swipe): follow it. */
	sync(): void {
		if (!document.fullscreenElement && !this.imitated) this.on = false;
	}
}

/** The live screen's full-screen state (AppNav hides while it is on). */
export const fullScreen = new FullScreen();
