// The livekit-client E2EE worker, bundled unmodified; the page starts it as a module worker and
// hands it to RoomOptions.encryption.
import 'livekit-client/e2ee-worker';
