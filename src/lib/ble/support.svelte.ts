import { bluetoothSupport as detectSupport, type BluetoothSupport } from './pairing';

/** Whether this browser can pair straps, as reactive state checked once per visit. */
class BluetoothSupportState {
	value = $state<BluetoothSupport>('available');
	#checked = false;

	/** Looks at navigator.bluetooth and the adapter (no-op after the first call). */
	async check(): Promise<void> {
		if (this.#checked) return;
		this.#checked = true;
		try {
			this.value = await detectSupport();
		} catch {
			this.value = 'no-adapter';
		}
	}
}

/** The app's Bluetooth support state. */
export const bluetoothSupport = new BluetoothSupportState();
