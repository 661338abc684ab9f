/** Service-worker bridge: offline-ready and update-available states, and the user-driven update. */
class PwaState {
	offlineReady = $state(false);
	needRefresh = $state(false);
	#update: ((reload?: boolean) => Promise<void>) | null = null;

	/** Registers the service worker (production builds only). */
	async register(): Promise<void> {
		if (!('serviceWorker' in navigator)) return;
		const { registerSW } = await import('virtual:pwa-register');
		this.#update = registerSW({
			immediate: true,
			onOfflineReady: () => {
				this.offlineReady = true;
				// A passing note, not a banner that takes space from the class screen.
				setTimeout(() => (this.offlineReady = false), 8000);
			},
			// Never reload by ourselves: a running class must not be interrupted; the user decides.
			onNeedRefresh: () => (this.needRefresh = true),
			onRegisterError: (error: unknown) => console.error('service worker', error)
		});
	}

	/** Activates the waiting service worker and reloads; only called from the user's tap. */
	async applyUpdate(): Promise<void> {
		await this.#update?.(true);
	}
}

/** The app's one service-worker state. */
export const pwa = new PwaState();
