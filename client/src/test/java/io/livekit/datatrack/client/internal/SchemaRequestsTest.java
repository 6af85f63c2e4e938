package io.livekit.datatrack.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.livekit.datatrack.SchemaEncoding;
import io.livekit.datatrack.SchemaId;
import io.livekit.datatrack.client.SchemaException;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.testkit.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Request ids, answer matching, failures and timeouts of schema (data blob) requests. */
class SchemaRequestsTest {
    private static final SchemaId IMU = SchemaId.of("imu.Reading", SchemaEncoding.PROTOBUF);
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<LivekitRtc.SignalRequest> sent = new ArrayList<>();
    private final SchemaRequests requests = new SchemaRequests(sent::add, scheduler, Runnable::run, Runnable::run);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static LivekitRtc.SignalResponse stored(int id) {
        return LivekitRtc.SignalResponse.newBuilder()
                .setStoreDataBlobResponse(LivekitRtc.StoreDataBlobResponse.newBuilder().setRequestId(id))
                .build();
    }

    private static LivekitRtc.SignalResponse refused(int id, LivekitRtc.RequestResponse.Reason reason) {
        return LivekitRtc.SignalResponse.newBuilder()
                .setRequestResponse(LivekitRtc.RequestResponse.newBuilder()
                        .setRequestId(id)
                        .setReason(reason)
                        .setMessage("because"))
                .build();
    }

    private static SchemaException failure(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.get();
            throw new AssertionError("completed normally");
        } catch (ExecutionException e) {
            return (SchemaException) e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void defineSendsAStoreRequestKeyedBySchemaIdAndCompletesOnTheAnswer() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        requests.define(IMU, utf8("message Reading {}"), f);
        assertThat(sent).hasSize(1);
        LivekitRtc.StoreDataBlobRequest r = sent.get(0).getStoreDataBlobRequest();
        assertThat(r.getRequestId()).isEqualTo(1);
        assertThat(r.getBlob().getKey().getSchemaId().getName()).isEqualTo("imu.Reading");
        assertThat(r.getBlob().getKey().getSchemaId().getEncoding().getWellKnown())
                .isEqualTo(LivekitModels.DataTrackSchemaEncoding.WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_PROTOBUF);
        assertThat(r.getBlob().getContents().toStringUtf8()).isEqualTo("message Reading {}");

        assertThat(requests.onMessage(stored(99))).isTrue(); // someone else's id: consumed, ignored
        assertThat(f).isNotDone();
        assertThat(requests.onMessage(stored(1))).isTrue();
        assertThat(f).isCompleted();
        assertThat(scheduler.pendingTimers()).isZero();
    }

    @Test
    void getReturnsTheContentsAndMapsRefusals() throws Exception {
        CompletableFuture<byte[]> found = new CompletableFuture<>();
        CompletableFuture<byte[]> missing = new CompletableFuture<>();
        requests.get("alice", IMU, found);
        requests.get("bob", IMU, missing);
        assertThat(sent.get(0).getGetDataBlobRequest().getParticipantIdentity()).isEqualTo("alice");
        assertThat(sent.get(1).getGetDataBlobRequest().getRequestId()).isEqualTo(2);

        requests.onMessage(refused(2, LivekitRtc.RequestResponse.Reason.NOT_FOUND));
        assertThat(failure(missing).reason()).isEqualTo(SchemaException.Reason.NOT_FOUND);
        assertThat(failure(missing).getMessage()).contains("NOT_FOUND", "because");

        requests.onMessage(LivekitRtc.SignalResponse.newBuilder()
                .setGetDataBlobResponse(LivekitRtc.GetDataBlobResponse.newBuilder()
                        .setRequestId(1)
                        .setBlob(LivekitModels.DataBlob.newBuilder().setContents(ByteString.copyFromUtf8("def"))))
                .build());
        assertThat(new String(found.get(), StandardCharsets.UTF_8)).isEqualTo("def");
    }

    @Test
    void everyRefusalReasonHasItsOwnKind() {
        var cases = List.of(
                LivekitRtc.RequestResponse.Reason.NOT_ALLOWED, SchemaException.Reason.NOT_ALLOWED,
                LivekitRtc.RequestResponse.Reason.LIMIT_EXCEEDED, SchemaException.Reason.LIMIT_EXCEEDED,
                LivekitRtc.RequestResponse.Reason.INVALID_REQUEST, SchemaException.Reason.INVALID_REQUEST,
                LivekitRtc.RequestResponse.Reason.UNCLASSIFIED_ERROR, SchemaException.Reason.INTERNAL);
        for (int i = 0; i < cases.size(); i += 2) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            requests.define(IMU, utf8("x"), f);
            int id = sent.get(sent.size() - 1).getStoreDataBlobRequest().getRequestId();
            requests.onMessage(refused(id, (LivekitRtc.RequestResponse.Reason) cases.get(i)));
            assertThat(failure(f).reason()).isEqualTo(cases.get(i + 1));
        }
    }

    @Test
    void publishFailuresAndUnknownRequestResponsesAreLeftForOthers() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        requests.define(IMU, utf8("x"), f);
        LivekitRtc.SignalResponse publishFailure = LivekitRtc.SignalResponse.newBuilder()
                .setRequestResponse(LivekitRtc.RequestResponse.newBuilder()
                        .setRequestId(1)
                        .setReason(LivekitRtc.RequestResponse.Reason.DUPLICATE_NAME)
                        .setPublishDataTrack(LivekitRtc.PublishDataTrackRequest.newBuilder().setPubHandle(1).setName("a")))
                .build();
        assertThat(requests.onMessage(publishFailure)).isFalse();
        assertThat(requests.onMessage(refused(7, LivekitRtc.RequestResponse.Reason.NOT_FOUND))).isFalse();
        assertThat(f).isNotDone();
    }

    @Test
    void noAnswerWithinFiveSecondsIsATimeout() {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        requests.get("alice", IMU, f);
        scheduler.advance(Duration.ofMillis(4999));
        assertThat(f).isNotDone();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(failure(f).reason()).isEqualTo(SchemaException.Reason.TIMEOUT);
        assertThat(requests.onMessage(stored(1))).isTrue(); // a late answer changes nothing
    }

    @Test
    void closingFailsWhatIsPending() {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        requests.get("alice", IMU, f);
        requests.failAll("room closed");
        assertThat(failure(f).reason()).isEqualTo(SchemaException.Reason.DISCONNECTED);
        assertThat(scheduler.pendingTimers()).isZero();
    }

    @Test
    void aNewSessionGetsPendingRequestsAndStoredDefinitionsAgain() {
        CompletableFuture<Void> defined = new CompletableFuture<>();
        requests.define(IMU, utf8("v1"), defined);
        requests.onMessage(stored(1));
        CompletableFuture<byte[]> waiting = new CompletableFuture<>();
        requests.get("alice", SchemaId.of("other", SchemaEncoding.JSON_SCHEMA), waiting);
        sent.clear();

        requests.onNewSession(failure -> {
            throw new AssertionError(failure);
        });
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).getGetDataBlobRequest().getRequestId()).isEqualTo(2);
        LivekitRtc.StoreDataBlobRequest again = sent.get(1).getStoreDataBlobRequest();
        assertThat(again.getBlob().getContents().toStringUtf8()).isEqualTo("v1");
        assertThat(requests.onMessage(stored(again.getRequestId()))).isTrue();
    }

    @Test
    void argumentsAreCheckedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> SchemaRequests.validate(SchemaId.of("", SchemaEncoding.PROTOBUF), utf8("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SchemaRequests.validate(SchemaId.of("a".repeat(257), SchemaEncoding.PROTOBUF), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SchemaRequests.validate(IMU, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SchemaRequests.validate(IMU, new byte[64_001])).isInstanceOf(IllegalArgumentException.class);
        SchemaRequests.validate(IMU, new byte[64_000]);
    }
}
