package io.livekit.datatrack.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.datatrack.DataTrackFrame;
import io.livekit.datatrack.DataTrackOptions;
import io.livekit.datatrack.DataTrackSubscription;
import io.livekit.datatrack.LocalDataTrack;
import io.livekit.datatrack.RemoteDataTrack;
import io.livekit.datatrack.backend.local.LocalInput;
import io.livekit.datatrack.backend.local.LocalManager;
import io.livekit.datatrack.backend.local.LocalOutput;
import io.livekit.datatrack.backend.local.OutgoingFrame;
import io.livekit.datatrack.backend.remote.RemoteInput;
import io.livekit.datatrack.backend.remote.RemoteManager;
import io.livekit.datatrack.backend.remote.RemoteOutput;
import io.livekit.datatrack.e2ee.KeyProvider;
import io.livekit.datatrack.DataTrackInfo;
import io.livekit.datatrack.DataTrackSid;
import io.livekit.datatrack.packet.Packet;
import io.livekit.datatrack.testkit.ManualScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Both managers wired back to back with a minimal fake "SFU" in the test: the publisher's packets
 * get their handle rewritten and go to the subscriber, with real AES-GCM keys from a shared
 * passphrase on both sides. Proves the halves agree on the wire and on E2EE.
 */
class LocalToRemoteLoopbackTest {
    private final ManualScheduler scheduler = new ManualScheduler();

    @Test
    void encryptedFramesOfAllSizesArriveIntact() throws Exception {
        KeyProvider publisherKeys = KeyProvider.withSharedPassphrase("correct horse");
        KeyProvider subscriberKeys = KeyProvider.withSharedPassphrase("correct horse");
        int subscriberHandle = 300;
        List<LocalOutput> localOut = new ArrayList<>();
        List<RemoteOutput> remoteOut = new ArrayList<>();
        RemoteManager remote = RemoteManager.builder()
                .executor(scheduler).scheduler(scheduler)
                .decryption(subscriberKeys.decryptionProvider())
                .output(remoteOut::add)
                .build();
        LocalManager local = LocalManager.builder()
                .executor(scheduler).scheduler(scheduler)
                .encryption(publisherKeys.encryptionProvider("alice"))
                .output(localOut::add)
                .packets((OutgoingFrame f) -> {
                    for (byte[] wire : f.packets()) {
                        byte[] copy = wire.clone();
                        Packet.rewriteHandle(copy, subscriberHandle); // what the SFU does
                        remote.onPacket(copy);
                    }
                })
                .random(new Random(1))
                .build();

        CompletableFuture<LocalDataTrack> published = local.publish(DataTrackOptions.named("telemetry"));
        scheduler.runPending();
        LocalOutput.SfuPublishRequest request = (LocalOutput.SfuPublishRequest) localOut.get(0);
        assertThat(request.usesE2ee()).isTrue();
        DataTrackInfo info = DataTrackInfo.builder(DataTrackSid.of("DTR_loop"), request.handle(), request.name())
                .usesE2ee(true).build();
        local.handle(new LocalInput.SfuPublishResponse(info));
        remote.handle(new RemoteInput.ParticipantUpdate(List.of(new RemoteInput.PublisherTracks("alice", List.of(info)))));
        scheduler.runPending();
        LocalDataTrack track = published.get();
        RemoteDataTrack remoteTrack = ((RemoteOutput.TrackPublished) remoteOut.get(0)).track();

        CompletableFuture<DataTrackSubscription> sub = remoteTrack.subscribe();
        scheduler.runPending();
        remote.handle(new RemoteInput.SubscriberHandles(Map.of(subscriberHandle, info.sid())));
        scheduler.runPending();
        DataTrackSubscription subscription = sub.get();

        Random random = new Random(42);
        List<DataTrackFrame> sent = new ArrayList<>();
        for (int size : new int[] {0, 1, 1024, 15_968, 15_969, 60_000, 1_000_000}) {
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            DataTrackFrame frame = DataTrackFrame.of(payload).withUserTimestamp(1_700_000_000_000L + size);
            track.tryPush(frame);
            sent.add(frame);
            scheduler.runPending();
        }
        for (DataTrackFrame expected : sent) {
            DataTrackFrame got = subscription.tryReceive().orElseThrow();
            assertThat(got).isEqualTo(expected);
        }
        assertThat(subscription.tryReceive()).isEmpty();
        assertThat(remoteTrack.stats().framesUndecryptable()).isZero();
        assertThat(track.stats().framesSent()).isEqualTo(sent.size());
    }
}
