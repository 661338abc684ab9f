/** Whether this browser can pair straps, checked once per visit. */
class BluetoothSupportState {
	value = $state<'available' | 'no-adapter' | 'unsupported'>('available');
	#checked = false;

	/** Looks at navigator.bluetooth and the adapter (no-op after the first call). */
	async check(): Promise<void> {
		if (this.#checked) return;
		this.#checked = true;
		if (typeof navigator === 'undefined' || !('bluetooth' in navigator) || !navigator.bluetooth) {
			this.value = 'unsupported';
			return;
		}
		try {
			this.value = (await navigator.bluetooth.getAvailability()) ? 'available' : 'no-adapter';
		} catch {
			this.value = 'no-adapter';
		}
	}
}

/** The app's Bluetooth support state. */
export const bluetoothSupport = new BluetoothSupportState();
